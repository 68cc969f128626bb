package io.tlsdiag.agent.handshake;

/** The server asked this JVM for a client certificate; which key manager answered, and with what alias. */
public final class ClientAuthRecord {
    public final String keyManager;
    /** The alias whose certificate was sent, or null when none was available: nothing was sent. */
    public final String alias;
    /** Subject and SHA-256 of the certificate sent under {@link #alias} (public data; no key is read). */
    public final String sentSubject;
    public final String sentSha256;
    /** When the alias was chosen, i.e. during the handshake (System.nanoTime()). */
    public final long chosenAtNanos = System.nanoTime();
    /** The protocol being negotiated when the server asked (e.g. "TLSv1.3"), or null when the session did not say. */
    public volatile String protocol;

    /**
     * What the server asked for and whom it asked, as references only, kept for the writer thread: the
     * CA names of the CertificateRequest (null: any CA), the key types, and the key manager whose aliases are listed
     * there, for an incident only. Never key material: the writer reads certificates only.
     */
    public volatile java.security.Principal[] acceptedIssuers;
    public volatile String[] keyTypes;
    public volatile Object keyManagerObject;

    /** Records the arguments of chooseClientAlias / chooseEngineClientAlias (keyType(s), issuers, ...). */
    public void requested(Object[] args, Object keyManagerObject) {
        this.keyManagerObject = keyManagerObject;
        if (args.length > 0 && args[0] instanceof String[]) {
            this.keyTypes = ((String[]) args[0]).clone();
        } else if (args.length > 0 && args[0] instanceof String) {
            this.keyTypes = new String[] {(String) args[0]};
        }
        if (args.length > 1 && args[1] instanceof java.security.Principal[]) {
            this.acceptedIssuers = ((java.security.Principal[]) args[1]).clone();
        } else if (args.length > 2 && args[1] == null) {
            this.acceptedIssuers = new java.security.Principal[0]; // JSSE passes null when the server named no CA
        }
    }

    /**
     * A TLS 1.3 server refuses a client certificate (or its absence) after the client's Finished, when the client
     * already considers the handshake complete. If it closes without the client reading its alert, the client's
     * first write, or its read of the reset that follows, fails with a plain I/O error. Such a failure soon after this
     * request is the refusal; a failure on a TLS 1.2 connection, or long after, is the connection ending for some
     * other reason (the server restarted).
     */
    public boolean droppedConnectionIsRefusalAt(long nanos) {
        return "TLSv1.3".equals(protocol) && nanos - chosenAtNanos < REFUSAL_WINDOW_NANOS;
    }

    /** A refusal is the server's answer to the client's Finished: the client's first write and read follow at once. */
    private static final long REFUSAL_WINDOW_NANOS = 10_000_000_000L;

    public ClientAuthRecord(String keyManager, String alias) {
        this(keyManager, alias, null, null);
    }

    public ClientAuthRecord(String keyManager, String alias, String sentSubject, String sentSha256) {
        this.keyManager = keyManager;
        this.alias = alias;
        this.sentSubject = sentSubject;
        this.sentSha256 = sentSha256;
    }
}
