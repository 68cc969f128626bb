package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tlsdiag.agent.util.SharedNames;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An incident directory as the agent writes it: {@code <id>.json} files, plus its eviction counter. */
final class IncidentDirectory {

    final File dir;
    final List<JsonNode> incidents = new ArrayList<JsonNode>();
    long evicted;

    private IncidentDirectory(File dir) {
        this.dir = dir;
    }

    static IncidentDirectory read(File dir, PrintStream err) throws CliException {
        File[] files = dir.listFiles((d, name) -> SharedNames.isIncidentFile(name));
        if (files == null) {
            throw new CliException("no incident directory at " + dir.getAbsolutePath());
        }
        Arrays.sort(files);
        IncidentDirectory result = new IncidentDirectory(dir.getAbsoluteFile());
        ObjectMapper mapper = new ObjectMapper();
        for (File f : files) {
            try {
                JsonNode node = mapper.readTree(f);
                if (node.has("schemaVersion") && node.has("category")) {
                    result.incidents.add(node);
                }
            } catch (Exception e) {
                err.println("tlsdiag: skipping unreadable " + f.getName() + ": " + e.getMessage());
            }
        }
        File evicted = new File(dir, SharedNames.EVICTED_FILE);
        if (evicted.isFile()) {
            try {
                result.evicted = Long.parseLong(new String(Files.readAllBytes(evicted.toPath()),
                        StandardCharsets.US_ASCII).trim());
            } catch (Exception ignored) {
                // an unreadable counter only loses that line of the report
            }
        }
        return result;
    }
}
