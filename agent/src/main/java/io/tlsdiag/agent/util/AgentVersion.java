package io.tlsdiag.agent.util;

/** tlsdiag's version: the jar's {@code Implementation-Version}, or {@code dev} when run from classes (tests). */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String get() {
        Package p = AgentVersion.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
