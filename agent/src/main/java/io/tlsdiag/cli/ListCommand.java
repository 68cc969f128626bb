package io.tlsdiag.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Properties;

/** {@code list}: the JVMs this user can attach to, their Java version, and whether tlsdiag is active in them. */
final class ListCommand implements Main.Command {

    @Override
    public String summary() {
        return "list the JVMs this user can attach to";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag list\n"
                + "  PID, Java version, tlsdiag (its incident directory when active) and main class or jar of every\n"
                + "  JVM this user can attach to. JVMs of other users and JVMs started with\n"
                + "  -XX:+DisableAttachMechanism do not appear.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<Jvms.Jvm> jvms = Jvms.list();
        out.printf("%-8s %-10s %-40s %s%n", "PID", "JAVA", "TLSDIAG", "MAIN");
        for (Jvms.Jvm jvm : jvms) {
            String version = "?";
            String tlsdiag = "?";
            try {
                Properties p = Jvms.properties(jvm.pid);
                version = p.getProperty("java.version", "?");
                tlsdiag = p.getProperty("tlsdiag.active", "-");
            } catch (CliException e) {
                // listed but not attachable right now: show what is known
            }
            out.printf("%-8s %-10s %-40s %s%n", jvm.pid, version, tlsdiag,
                    jvm.displayName.isEmpty() ? "?" : Terminal.safe(jvm.displayName));
        }
        return 0;
    }
}
