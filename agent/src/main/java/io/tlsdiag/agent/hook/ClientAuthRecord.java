package io.tlsdiag.agent.hook;

/** The server asked this JVM for a client certificate; which key manager answered, and with what alias. */
public final class ClientAuthRecord {
    public final String keyManager;
    /** The alias whose certificate was sent, or null when none was available: nothing was sent. */
    public final String alias;

    public ClientAuthRecord(String keyManager, String alias) {
        this.keyManager = keyManager;
        this.alias = alias;
    }
}
