package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code report [DIR]}: one line per incident (category, peer, summary) and where the files are. Exit code 0 when
 * there is nothing to report, 1 when there are incidents, so scripts and health checks can use it.
 */
final class ReportCommand implements Main.Command {

    @Override
    public String summary() {
        return "summarise the incidents in DIR (default ./tlsdiag-incidents)";
    }

    @Override
    public String usage() {
        return "usage: tlsdiag report [DIR]\n"
                + "  Lists every incident in DIR (default ./tlsdiag-incidents).\n"
                + "  Exit code: 0 no incidents, 1 incidents found, 2 error.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        File dir = new File(args.length > 0 ? args[0] : "tlsdiag-incidents").getAbsoluteFile();
        File[] files = dir.listFiles((d, name) -> name.endsWith(".json") && !name.startsWith("."));
        if (files == null) {
            err.println("tlsdiag report: no incident directory at " + dir);
            return 2;
        }
        Arrays.sort(files);
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> incidents = new ArrayList<JsonNode>();
        for (File f : files) {
            try {
                incidents.add(mapper.readTree(f));
            } catch (Exception e) {
                err.println("tlsdiag report: skipping unreadable " + f.getName() + ": " + e.getMessage());
            }
        }
        out.println(incidents.size() + " incident(s) in " + dir);
        for (JsonNode i : incidents) {
            JsonNode peer = i.path("peer");
            out.printf("  %-26s %-28s %s%n", i.path("category").asText(),
                    peer.path("host").asText("?") + ":" + peer.path("port").asText("?"),
                    Terminal.safe(i.path("summary").asText()));
        }
        return incidents.isEmpty() ? 0 : 1;
    }
}
