package io.tlsdiag.cli;

import java.io.PrintStream;

/** {@code detach <pid>}: removes the hooks (classes are restored) and stops writing incidents. */
final class DetachCommand implements Main.Command {

    @Override
    public String summary() {
        return "remove tlsdiag's hooks from a running JVM";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag detach <pid>\n"
                + "  Restores every class tlsdiag changed in JVM <pid> and stops writing incidents.\n"
                + "  A later attach switches it on again.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length != 1) {
            throw new CliException("which PID? " + usage());
        }
        String pid = args[0];
        if (Jvms.properties(pid).getProperty("tlsdiag.active") == null) {
            out.println("tlsdiag is not active in JVM " + pid + "; nothing to detach");
            return 0;
        }
        Jvms.loadAgent(pid, Main.agentJar(), "command=detach");
        if (Jvms.properties(pid).getProperty("tlsdiag.active") != null) {
            throw new CliException("JVM " + pid + " still reports tlsdiag as active; its stderr says why");
        }
        out.println("tlsdiag detached from JVM " + pid + ": hooks removed, no more incidents are written");
        return 0;
    }
}
