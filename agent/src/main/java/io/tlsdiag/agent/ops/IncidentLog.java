package io.tlsdiag.agent.ops;

import io.tlsdiag.agent.util.AgentLog;

/**
 * One WARN line per new incident (never per repeat) where operators look: the application's own log through its
 * SLF4J under the logger name {@value #LOGGER_NAME}, or stderr ({@code kubectl logs}) with the {@code [tlsdiag] }
 * prefix. Called on the writer thread, so the application's thread never waits for a log appender.
 */
public final class IncidentLog {

    public static final String LOGGER_NAME = "tlsdiag";
    /** Long enough for any summary; a peer-supplied name cannot make a line without end. */
    private static final int MAX_LINE = 2000;

    private IncidentLog() {
    }

    /** Writes the line of {@code incident} as {@code mode} says; never throws. */
    public static void announce(LogMode mode, NewIncident incident) {
        if (mode == LogMode.OFF) {
            return;
        }
        String line = line(incident);
        if (mode != LogMode.STDERR) {
            Slf4j.Outcome outcome = Slf4j.warn(LOGGER_NAME, line, incident.contextLoader, mode == LogMode.SLF4J);
            if (outcome == Slf4j.Outcome.LOGGED) {
                return;
            }
            if (mode == LogMode.SLF4J) {
                // Only SLF4J, as asked: never stderr (a failing SLF4J has already said so once).
                if (outcome != Slf4j.Outcome.FAILED) {
                    AgentLog.warnOnce("log-slf4j", "log=slf4j, but the application has no SLF4J (looked in the "
                            + "failing thread's context class loader and the system class loader); incidents are "
                            + "not logged");
                }
                return;
            }
        }
        AgentLog.info(line);
    }

    /**
     * {@code TLS handshake failed: CERT_EXPIRED, peer host:443: <summary> (incident <id> in <dir>)}. Control
     * characters become spaces: a summary quotes names from the peer's certificate, which must not forge log lines.
     */
    static String line(NewIncident n) {
        StringBuilder sb = new StringBuilder(200);
        sb.append(n.finding ? "TLS finding: " : "TLS handshake failed: ").append(n.category);
        sb.append("server".equals(n.role) ? ", client " : ", peer ").append(n.peer);
        sb.append(": ").append(n.summary);
        sb.append(" (incident ").append(n.id).append(" in ").append(n.directory.getPath()).append(')');
        return clean(sb);
    }

    private static String clean(StringBuilder sb) {
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029') {
                sb.setCharAt(i, ' ');
            }
        }
        if (sb.length() > MAX_LINE) {
            sb.setLength(MAX_LINE - 3);
            sb.append("...");
        }
        return sb.toString();
    }
}
