package io.tlsdiag.cli;

import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.AgentRuntime;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code attach <pid>}: loads the agent into a running JVM and says where it will write incidents and with which
 * options (as the agent reports them back, so what is printed is what is in effect).
 */
final class AttachCommand implements Main.Command {

    /** The agent's effective options, as it publishes them (a compile-time constant: no agent class is loaded). */
    private static final String OPTIONS_PROPERTY = AgentRuntime.OPTIONS_PROPERTY;

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
                + "  Attaching to a JVM where tlsdiag is already active changes the options given and keeps the\n"
                + "  others; hooks are never doubled. The effective options are printed.\n"
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
        String optionsBefore = before.getProperty(OPTIONS_PROPERTY);
        // The agent prints these in the target, where the user may not be looking; parsed against the same options
        // (those in effect, kept across a detach), they are the same here.
        AgentOptions asGiven = AgentOptions.parse(join(options),
                optionsBefore == null ? null : AgentOptions.parse(optionsBefore));
        for (String warning : asGiven.warnings()) {
            err.println("warning: " + warning);
        }
        long start = System.nanoTime();
        Jvms.loadAgent(pid, Main.agentJar(), join(options));
        long millis = (System.nanoTime() - start) / 1000000;
        Properties after = Jvms.properties(pid);
        String dir = after.getProperty("tlsdiag.active");
        if (dir == null) {
            throw new CliException("the agent did not start in JVM " + pid + "; its stderr says why");
        }
        String optionsAfter = after.getProperty(OPTIONS_PROPERTY);
        if (wasActive != null) {
            boolean changed = optionsAfter != null && !optionsAfter.equals(optionsBefore);
            out.println("tlsdiag was already active in JVM " + pid
                    + (options.isEmpty() ? "" : changed ? "; options updated" : "; options unchanged"));
        } else {
            out.println("tlsdiag attached to JVM " + pid + " (Java " + after.getProperty("java.version")
                    + ") in " + millis + " ms; hooks are active");
        }
        out.println("incidents: " + dir);
        if (optionsAfter != null) {
            out.println("options: " + readable(optionsAfter));
        }
        return 0;
    }

    /** {@code a=1,b=2} as {@code a=1, b=2}; option values never contain a comma (it separates agent options). */
    private static String readable(String options) {
        return options.replace(",", ", ");
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
