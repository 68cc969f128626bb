package io.tlsdiag.agent.handshake;

/** The server asked this JVM for a client certificate; which key manager answered, and with what alias. */
public final class ClientAuthRecord {
    public final String keyManager;
    /** The alias whose certificate was sent, or null when none was available: nothing was sent. */
    public final String alias;
    /** Subject and SHA-256 of the certificate sent under {@link #alias} (public data; no key is read). */
    public final String sentSubject;
    public final String sentSha256;

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
