package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** {@code status <pid>}: whether tlsdiag is active there, where it writes, its counters and its options. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show whether tlsdiag is active in a JVM, its counters and options.", "",
            "Reads tlsdiag's status from JVM <pid> (nothing is loaded into it).", ""},
        footer = {"", "Exit code: 0 active, 3 not active, 2 error."})
final class StatusCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<pid>", description = "the JVM's process id")
    String pid;

    @Option(names = "--json", description = "print the status as JSON: {pid, javaVersion, state, agentVersion, "
        + "incidentDirectory, counters, options, optionSources}")
    boolean json;

    @Override
    int run() throws Exception {
        Properties p = Jvms.properties(pid);
        String status = p.getProperty(SharedNames.STATUS_PROPERTY);
        String dir = p.getProperty(SharedNames.ACTIVE_PROPERTY);
        boolean active = dir != null;
        String state = active ? "active" : status == null ? "never-loaded" : "detached";
        Map<String, String> items = pairs(status);
        Map<String, String> options = pairs(p.getProperty(SharedNames.OPTIONS_PROPERTY));
        // Where each option's value came from (key=source,...), when the agent publishes it.
        Map<String, String> sources = pairs(p.getProperty(SharedNames.OPTION_SOURCES_PROPERTY));
        if (json) {
            ObjectNode root = Json.object();
            root.put("pid", Long.parseLong(pid));
            root.put("javaVersion", p.getProperty("java.version"));
            root.put("state", state);
            root.put("agentVersion", items.get("version"));
            root.put("incidentDirectory", dir);
            ObjectNode counters = root.putObject("counters");
            for (Map.Entry<String, String> e : items.entrySet()) {
                if (!e.getKey().equals("active") && !e.getKey().equals("output") && !e.getKey().equals("version")) {
                    Json.putNumberOrText(counters, e.getKey(), e.getValue());
                }
            }
            ObjectNode opts = root.putObject("options");
            for (Map.Entry<String, String> e : options.entrySet()) {
                opts.put(e.getKey(), e.getValue());
            }
            ObjectNode src = root.putObject("optionSources");
            for (Map.Entry<String, String> e : sources.entrySet()) {
                src.put(e.getKey(), e.getValue());
            }
            Json.print(root, out);
        } else {
            out.println("JVM " + pid + " (Java " + p.getProperty("java.version") + "): tlsdiag "
                    + state.replace('-', ' '));
            for (Map.Entry<String, String> e : items.entrySet()) {
                out.printf("  %-12s %s%n", e.getKey(), Terminal.safe(e.getValue()));
            }
            if (!options.isEmpty()) {
                out.println(active ? "options:" : "options (when last active):");
                for (Map.Entry<String, String> e : options.entrySet()) {
                    String source = sources.get(e.getKey());
                    out.printf("  %-20s %s%s%n", e.getKey(), Terminal.safe(e.getValue()),
                            source == null ? "" : "  (" + Terminal.safe(source) + ")");
                }
            }
        }
        return active ? 0 : 3;
    }

    /** {@code a=1,b=2} as an ordered map; null or empty gives an empty map. */
    static Map<String, String> pairs(String list) {
        Map<String, String> out = new LinkedHashMap<String, String>();
        if (list != null) {
            for (String item : list.split(",")) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    out.put(item.substring(0, eq), item.substring(eq + 1));
                }
            }
        }
        return out;
    }
}
