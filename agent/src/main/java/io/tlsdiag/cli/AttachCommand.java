package io.tlsdiag.cli;

import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code attach <pid>}: loads the agent into a running JVM and says where it will write incidents and with which
 * options (as the agent reports them back, so what is printed is what is in effect).
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Load tlsdiag into a running JVM (no restart).", "",
            "Loads the agent into JVM <pid>; TLS classes it already loaded are hooked at once. Attaching to a JVM "
                + "where tlsdiag is already active changes the options given and keeps the others; hooks are never "
                + "doubled. The effective options are printed.",
            "JDK 21+ targets print a warning about dynamically loaded agents (JEP 451); start them with "
                + "-XX:+EnableDynamicAgentLoading to allow it silently.", ""})
final class AttachCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<pid>", description = "the JVM's process id (see 'tlsdiag list')")
    String pid;

    @Option(names = "--output", paramLabel = "DIR", description = {"incident directory (relative: to this shell's "
        + "directory); default: " + SharedNames.DEFAULT_OUTPUT + " in the target's working directory"})
    File output;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "any agent option (listed below); may repeat")
    List<String> options = new ArrayList<String>();

    @Override
    int run() throws Exception {
        List<String> given = new ArrayList<String>();
        if (output != null) {
            given.add(SharedNames.OUTPUT + "=" + output.getAbsolutePath());
        }
        given.addAll(options);
        Properties before = Jvms.properties(pid);
        String wasActive = before.getProperty(SharedNames.ACTIVE_PROPERTY);
        String optionsBefore = before.getProperty(SharedNames.OPTIONS_PROPERTY);
        // The agent prints these in the target, where the user may not be looking; parsed against the same options
        // (those in effect, kept across a detach), they are the same here.
        AgentOptions asGiven = AgentOptions.parse(join(given),
                optionsBefore == null ? null : AgentOptions.parse(optionsBefore));
        for (String warning : asGiven.warnings()) {
            err.println("warning: " + warning);
        }
        long start = System.nanoTime();
        Jvms.loadAgent(pid, Main.agentJar(), join(given));
        long millis = (System.nanoTime() - start) / 1000000;
        Properties after = Jvms.properties(pid);
        String dir = after.getProperty(SharedNames.ACTIVE_PROPERTY);
        if (dir == null) {
            throw new CliException("the agent did not start in JVM " + pid + "; its stderr says why");
        }
        String optionsAfter = after.getProperty(SharedNames.OPTIONS_PROPERTY);
        if (wasActive != null) {
            boolean changed = optionsAfter != null && !optionsAfter.equals(optionsBefore);
            out.println("tlsdiag was already active in JVM " + pid
                    + (given.isEmpty() ? "" : changed ? "; options updated" : "; options unchanged"));
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

    /**
     * The agent options and their defaults, for {@code attach --help}: taken from the agent's own defaults, so the
     * list cannot drift from what the agent does.
     */
    static String[] agentOptionsHelp() {
        Map<String, String> defaults = agentOptionDefaults();
        // Its default is "" (detect the OS store), which the loop below would not show.
        defaults.put(SharedNames.OS_TRUST_STORE, "detect");
        List<String> lines = new ArrayList<String>();
        lines.add("");
        lines.add("Agent options (--option KEY=VALUE) and their defaults:");
        int keyWidth = 1;
        int valueWidth = 1;
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            keyWidth = Math.max(keyWidth, e.getKey().length());
            valueWidth = Math.max(valueWidth, e.getValue().length());
        }
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            String meaning = MEANINGS.get(e.getKey());
            // picocli formats footer lines: a % in a value must stay a %.
            lines.add(String.format("  %-" + keyWidth + "s  %-" + valueWidth + "s  %s", e.getKey(), e.getValue(),
                    meaning == null ? "" : meaning).replaceAll("\\s+$", "").replace("%", "%%"));
        }
        lines.add("Options not given keep their value in the target, which may come from");
        lines.add("-D" + SharedNames.OPTION_PROPERTY_PREFIX + "<option>, " + SharedNames.OPTION_ENVIRONMENT_PREFIX
                + "<OPTION> in its environment, or its " + SharedNames.CONFIG_FILE + ".");
        lines.add("The README's 'Options' table explains each one.");
        return lines.toArray(new String[0]);
    }

    /**
     * Every agent option that has a default, with it, in the agent's order ({@link AgentOptions#settableOptions()}):
     * the output directory relative, as the agent resolves it in the target (against the target's working directory,
     * not this command's).
     */
    static Map<String, String> agentOptionDefaults() {
        Map<String, String> defaults = new LinkedHashMap<String, String>();
        for (Map.Entry<String, String> e : AgentOptions.settableOptions().entrySet()) {
            if (!e.getValue().isEmpty()) {
                defaults.put(e.getKey(), e.getValue());
            }
        }
        return defaults;
    }

    /** One line each for the help; options the agent adds later are listed without one. */
    private static final Map<String, String> MEANINGS = new LinkedHashMap<String, String>();

    static {
        MEANINGS.put(SharedNames.OUTPUT, "incident directory");
        MEANINGS.put(SharedNames.QUEUE_SIZE, "failures waiting to be written");
        MEANINGS.put(SharedNames.MAX_STACK_DEPTH, "stack frames kept");
        MEANINGS.put(SharedNames.DEDUP_WINDOW_SECONDS, "repeats within it update one incident");
        MEANINGS.put(SharedNames.MAX_INCIDENTS, "incident files kept");
        MEANINGS.put(SharedNames.MAX_BYTES, "bytes of incident files kept");
        MEANINGS.put(SharedNames.EXPIRY_WARNING_DAYS, "warn of certificates expiring so soon");
        MEANINGS.put(SharedNames.REQUEST_CAPTURES_PER_SECOND, "async requests followed per second");
        MEANINGS.put(SharedNames.HANDSHAKE_STALL_SECONDS, "seconds a client handshake may stall");
        MEANINGS.put(SharedNames.LOG, "auto|slf4j|stderr|off: the log line");
        MEANINGS.put(SharedNames.JMX, "the MXBean " + SharedNames.MXBEAN_NAME);
        MEANINGS.put(SharedNames.DEBUG, "print hooked classes and agent errors");
        MEANINGS.put(SharedNames.OS_TRUST_STORE, "OS trust store compared; none: off");
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
