package io.tlsdiag.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** {@code attach <pid>}: loads the agent into a running JVM and says where it will write incidents. */
final class AttachCommand implements Main.Command {

    @Override
    public String summary() {
        return "load tlsdiag into a running JVM (no restart)";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag attach <pid> [--output DIR] [--option key=value ...]\n"
                + "  Loads the agent into JVM <pid>; TLS classes it already loaded are hooked at once.\n"
                + "  --output DIR     incident directory (relative: to this shell's directory);\n"
                + "                   default: tlsdiag-incidents in the target's working directory\n"
                + "  --option k=v     any agent option (see the README), may repeat\n"
                + "  Attaching to a JVM where tlsdiag is already active updates its options; hooks are never doubled.\n"
                + "  JDK 21+ targets print a warning about dynamically loaded agents (JEP 451); start them with\n"
                + "  -XX:+EnableDynamicAgentLoading to allow it silently.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            throw new CliException("which PID? " + usage());
        }
        String pid = args[0];
        List<String> options = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--output") && i + 1 < args.length) {
                options.add("output=" + new File(args[++i]).getAbsolutePath());
            } else if (args[i].equals("--option") && i + 1 < args.length) {
                options.add(args[++i]);
            } else {
                throw new CliException("unexpected argument '" + args[i] + "'\n" + usage());
            }
        }
        Properties before = Jvms.properties(pid);
        String wasActive = before.getProperty("tlsdiag.active");
        long start = System.nanoTime();
        Jvms.loadAgent(pid, Main.agentJar(), join(options));
        long millis = (System.nanoTime() - start) / 1000000;
        Properties after = Jvms.properties(pid);
        String dir = after.getProperty("tlsdiag.active");
        if (dir == null) {
            throw new CliException("the agent did not start in JVM " + pid + "; its stderr says why");
        }
        if (wasActive != null) {
            out.println("tlsdiag was already active in JVM " + pid + (options.isEmpty() ? "" : "; options updated"));
        } else {
            out.println("tlsdiag attached to JVM " + pid + " (Java " + after.getProperty("java.version")
                    + ") in " + millis + " ms; hooks are active");
        }
        out.println("incidents: " + dir);
        return 0;
    }

    private static String join(List<String> options) {
        StringBuilder sb = new StringBuilder();
        for (String o : options) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(o);
        }
        return sb.toString();
    }
}
