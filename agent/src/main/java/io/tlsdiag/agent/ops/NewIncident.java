package io.tlsdiag.agent.ops;

import java.io.File;

/** A new incident (never a repeat), as the writer thread announces it: to the log and to the JMX counters. */
public final class NewIncident {

    public final String id;
    /** The category's name, e.g. {@code CERT_EXPIRED}. */
    public final String category;
    /** A finding from a successful handshake (an expiring certificate, an accept-all trust manager), not a failure. */
    public final boolean finding;
    /** "client" or "server": this JVM's role in the handshake. */
    public final String role;
    /** host:port of the server, or the client's address when this JVM was the server. */
    public final String peer;
    public final String summary;
    public final File directory;
    /**
     * The context class loader of the application thread that failed: where the application's own SLF4J is found
     * (an application server's thread has its web application's loader there). Null when unknown or collected.
     */
    public final ClassLoader contextLoader;

    public NewIncident(String id, String category, boolean finding, String role, String peer, String summary,
                       File directory, ClassLoader contextLoader) {
        this.id = id;
        this.category = category;
        this.finding = finding;
        this.role = role;
        this.peer = peer;
        this.summary = summary;
        this.directory = directory;
        this.contextLoader = contextLoader;
    }

    /** The peer as the incident names it: host (or address), with the port of a server we called. */
    public static String peer(String role, String host, String address, int port) {
        String who = host != null ? host : address != null ? address : "?";
        return "server".equals(role) || port <= 0 ? who : who + ":" + port;
    }
}
