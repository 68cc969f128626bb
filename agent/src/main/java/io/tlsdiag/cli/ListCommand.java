package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Properties;

/** {@code list}: the JVMs this user can attach to, their Java version, and whether tlsdiag is active in them. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the JVMs this user can attach to.", "",
            "PID, Java version, tlsdiag (its incident directory when active) and main class or jar of every JVM this "
                + "user can attach to. JVMs of other users and JVMs started with -XX:+DisableAttachMechanism do not "
                + "appear.", ""})
final class ListCommand extends CliCommand {

    @Option(names = "--json", description = "print the list as JSON: {\"jvms\": [{pid, javaVersion, attachable, "
        + "tlsdiagActive, incidentDirectory, main}]}")
    boolean json;

    @Override
    int run() throws Exception {
        List<Jvms.Jvm> jvms = Jvms.list();
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("jvms");
        if (!json) {
            out.printf("%-8s %-10s %-40s %s%n", "PID", "JAVA", "TLSDIAG", "MAIN");
        }
        for (Jvms.Jvm jvm : jvms) {
            Properties p = null;
            try {
                p = Jvms.properties(jvm.pid);
            } catch (CliException e) {
                // listed but not attachable right now: show what is known
            }
            String version = p == null ? null : p.getProperty("java.version");
            String active = p == null ? null : p.getProperty(SharedNames.ACTIVE_PROPERTY);
            if (json) {
                ObjectNode n = array.addObject();
                n.put("pid", Long.parseLong(jvm.pid));
                n.put("javaVersion", version);
                n.put("attachable", p != null);
                if (p == null) {
                    n.putNull("tlsdiagActive");
                } else {
                    n.put("tlsdiagActive", active != null);
                }
                n.put("incidentDirectory", active);
                n.put("main", jvm.displayName);
            } else {
                out.printf("%-8s %-10s %-40s %s%n", jvm.pid, version == null ? "?" : version,
                        p == null ? "?" : active == null ? "-" : active,
                        jvm.displayName.isEmpty() ? "?" : Terminal.safe(jvm.displayName));
            }
        }
        if (json) {
            Json.print(root, out);
        }
        return 0;
    }
}
