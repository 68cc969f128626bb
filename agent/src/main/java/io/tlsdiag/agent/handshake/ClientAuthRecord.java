package io.tlsdiag.agent.handshake;

/** The server asked this JVM for a client certificate; which key manager answered, and with what alias. */
public final class ClientAuthRecord {
    public final String keyManager;
    /** The alias whose certificate was sent, or null when none was available: nothing was sent. */
    public final String alias;
    /** Subject and SHA-256 of the certificate sent under {@link #alias} (public data; no key is read). */
    public final String sentSubject;
    public final String sentSha256;

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
