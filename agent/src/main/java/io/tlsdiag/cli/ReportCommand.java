package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code report [DIR]}: the incidents grouped by category and peer, with counts, first and last seen and the
 * summary; {@code --json} for machines, {@code --html FILE} for a ticket. Exit code 0 when there is nothing to
 * report, 1 when there are incidents, so scripts and health checks can use it.
 */
final class ReportCommand implements Main.Command {

    @Override
    public String summary() {
        return "summarise the incidents in DIR (default ./tlsdiag-incidents)";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag report [DIR] [--json | --html FILE]\n"
                + "  Groups the incidents in DIR (default ./tlsdiag-incidents) by category and peer: how often, first\n"
                + "  and last seen, what happened. --json prints the groups as JSON; --html FILE writes one\n"
                + "  self-contained page (no external assets) with every group explained.\n"
                + "  Exit code: 0 no incidents, 1 incidents found, 2 error.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String dirName = "tlsdiag-incidents";
        boolean json = false;
        File html = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].equals("--html") && i + 1 < args.length) {
                html = new File(args[++i]);
            } else if (!args[i].startsWith("--")) {
                dirName = args[i];
            } else {
                throw new CliException("unknown option " + args[i] + "\n" + usage());
            }
        }
        IncidentDirectory dir = IncidentDirectory.read(new File(dirName), err);
        List<IncidentGroup> groups = IncidentGroup.of(dir.incidents);
        if (html != null) {
            byte[] page = HtmlReport.render(dir, groups).getBytes(StandardCharsets.UTF_8);
            Files.write(html.toPath(), page);
            out.println("wrote " + html.getAbsolutePath() + " (" + groups.size() + " groups, "
                    + dir.incidents.size() + " incidents)");
        } else if (json) {
            printJson(dir, groups, out);
        } else {
            printText(dir, groups, out);
        }
        return dir.incidents.isEmpty() ? 0 : 1;
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
        ObjectNode root = JsonNodeFactory.instance.objectNode();
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
            ArrayNode ids = n.putArray("incidentIds");
            g.incidents.forEach(i -> ids.add(i.path("id").asText()));
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(w, root);
        out.println();
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
