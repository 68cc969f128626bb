package io.tlsdiag.cli;

import java.io.PrintStream;
import java.util.Properties;

/** {@code status <pid>}: whether tlsdiag is active there, where it writes, and its counters. */
final class StatusCommand implements Main.Command {

    @Override
    public String summary() {
        return "show whether tlsdiag is active in a JVM, and its counters";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag status <pid>\n"
                + "  Reads tlsdiag's status from JVM <pid> (nothing is loaded into it).\n"
                + "  Exit code: 0 active, 3 not active, 2 error.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length != 1) {
            throw new CliException("which PID? " + usage());
        }
        Properties p = Jvms.properties(args[0]);
        String status = p.getProperty("tlsdiag.status");
        boolean active = p.getProperty("tlsdiag.active") != null;
        out.println("JVM " + args[0] + " (Java " + p.getProperty("java.version") + "): tlsdiag "
                + (active ? "active" : status == null ? "never loaded" : "detached"));
        if (status != null) {
            for (String item : status.split(",")) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    out.printf("  %-12s %s%n", item.substring(0, eq), item.substring(eq + 1));
                }
            }
        }
        return active ? 0 : 3;
    }
}
