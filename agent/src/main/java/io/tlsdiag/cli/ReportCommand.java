package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.util.SharedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code report [DIR]}: the incidents grouped by category and peer, with counts, first and last seen and the
 * summary; {@code --json} for machines, {@code --html FILE} for a ticket. Exit code 0 when there is nothing to
 * report, 1 when there are incidents, so scripts and health checks can use it.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Summarise the incidents in DIR (default ./" + SharedNames.DEFAULT_OUTPUT + ").", "",
            "Groups the incidents in DIR by category and peer: how often, first and last seen, what happened.", ""},
        footer = {"", "Exit code: 0 no incidents, 1 incidents found, 2 error."})
final class ReportCommand extends CliCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "the incident directory (default: "
        + SharedNames.DEFAULT_OUTPUT + " in this directory)")
    File dir = new File(SharedNames.DEFAULT_OUTPUT);

    @Option(names = "--json", description = "print the groups as JSON: {directory, incidentFiles, evicted, "
        + "groups: [{category, kind, peer, occurrences, firstSeen, lastSeen, summary, trustVerdict (chain-trust failures), incidentIds}]}")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "write one self-contained page (no external "
        + "assets) with every group explained")
    File html;

    @Override
    int run() throws Exception {
        if (json && html != null) {
            throw new CliException("--json and --html exclude each other; give one");
        }
        IncidentDirectory incidents = IncidentDirectory.read(dir, err);
        List<IncidentGroup> groups = IncidentGroup.of(incidents.incidents);
        if (html != null) {
            byte[] page = HtmlReport.render(incidents, groups).getBytes(StandardCharsets.UTF_8);
            Files.write(html.toPath(), page);
            out.println("wrote " + html.getAbsolutePath() + " (" + groups.size() + " groups, "
                    + incidents.incidents.size() + " incidents)");
        } else if (json) {
            printJson(incidents, groups, out);
        } else {
            printText(incidents, groups, out);
        }
        return incidents.incidents.isEmpty() ? 0 : 1;
    }

    private static void printText(IncidentDirectory dir, List<IncidentGroup> groups, PrintStream out) {
        Terminal t = Terminal.forStream(out);
        long total = 0;
        for (IncidentGroup g : groups) {
            total += g.occurrences;
        }
        out.println(t.bold("tlsdiag report") + ": " + total + " occurrence(s) in " + dir.incidents.size()
                + " incident file(s), " + groups.size() + " group(s)");
        out.println("  from " + Terminal.safe(dir.dir.getPath()));
        if (groups.isEmpty()) {
            out.println("Nothing to report.");
            return;
        }
        out.println();
        out.printf("%-26s %-21s %5s  %-11s  %s%n", "CATEGORY", "PEER", "COUNT", "FIRST (UTC)", "LAST");
        for (IncidentGroup g : groups) {
            String category = g.kind.equals("finding") ? t.yellow(pad(g.category, 26)) : t.red(pad(g.category, 26));
            out.printf("%s %-21s %5d  %-11s  %s%n", category, Terminal.safe(cut(g.peer, 21)), g.occurrences,
                    shortMinute(g.firstSeen), shortMinute(g.lastSeen));
            StringBuilder sb = new StringBuilder();
            IncidentText.wrap(sb, "    ", Terminal.safe(g.latest.path("summary").asText()));
            String verdict = TrustVerdict.line(g.latest);
            if (verdict != null) {
                IncidentText.wrap(sb, "    ", Terminal.safe(verdict));
            }
            out.print(t.dim(sb.toString()));
        }
        if (dir.evicted > 0) {
            out.println();
            out.println(dir.evicted + " older incident(s) were evicted to keep the directory within maxIncidents / "
                    + "maxBytes.");
        }
        out.println();
        out.println("Details: tlsdiag show <id> --dir <this directory> (ids: the file names there)");
    }

    private static void printJson(IncidentDirectory dir, List<IncidentGroup> groups, PrintStream out)
            throws Exception {
        ObjectNode root = Json.object();
        root.put("directory", dir.dir.getPath());
        root.put("incidentFiles", dir.incidents.size());
        root.put("evicted", dir.evicted);
        ArrayNode array = root.putArray("groups");
        for (IncidentGroup g : groups) {
            ObjectNode n = array.addObject();
            n.put("category", g.category);
            n.put("kind", g.kind);
            n.put("peer", g.peer);
            n.put("occurrences", g.occurrences);
            n.put("firstSeen", g.firstSeen);
            n.put("lastSeen", g.lastSeen);
            n.put("summary", g.latest.path("summary").asText());
            String verdict = TrustVerdict.line(g.latest);
            if (verdict != null) {
                n.put("trustVerdict", verdict);
            }
            ArrayNode ids = n.putArray("incidentIds");
            g.incidents.forEach(i -> ids.add(i.path("id").asText()));
        }
        Json.print(root, out);
    }

    /** "11-29 14:42": month, day and time, for the 80-column table (the year is in --json and --html). */
    static String shortMinute(String iso) {
        String m = minute(iso);
        return m.length() == 16 ? m.substring(5) : m;
    }

    static String minute(String iso) {
        return iso == null || iso.length() < 16 ? String.valueOf(iso) : iso.substring(0, 10) + " " + iso.substring(11, 16);
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
