package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Incidents of one category with one peer: how often, first and last seen, and the latest of them. */
final class IncidentGroup {

    final String category;
    final String peer;
    final String kind;
    long occurrences;
    String firstSeen;
    String lastSeen;
    JsonNode latest;
    final List<JsonNode> incidents = new ArrayList<JsonNode>();

    private IncidentGroup(String category, String peer, String kind) {
        this.category = category;
        this.peer = peer;
        this.kind = kind;
    }

    /** Groups by category and peer, most recently seen first. */
    static List<IncidentGroup> of(List<JsonNode> incidents) {
        Map<String, IncidentGroup> groups = new LinkedHashMap<String, IncidentGroup>();
        for (JsonNode i : incidents) {
            String category = i.path("category").asText();
            String peer = peerOf(i);
            String key = category + "\u0000" + peer;
            IncidentGroup g = groups.get(key);
            if (g == null) {
                g = new IncidentGroup(category, peer, i.path("kind").asText("failure"));
                groups.put(key, g);
            }
            g.add(i);
        }
        List<IncidentGroup> out = new ArrayList<IncidentGroup>(groups.values());
        out.sort(Comparator.comparing((IncidentGroup g) -> g.lastSeen).reversed());
        return out;
    }

    static String peerOf(JsonNode i) {
        JsonNode p = i.path("peer");
        String host = p.path("host").isNull() ? p.path("address").asText("?") : p.path("host").asText("?");
        return p.path("port").isNull() || !p.has("port") ? host : host + ":" + p.path("port").asInt();
    }

    private void add(JsonNode i) {
        incidents.add(i);
        occurrences += Math.max(1, i.path("occurrences").asLong(1));
        String first = i.path("firstSeen").asText(i.path("time").asText());
        String last = i.path("lastSeen").asText(i.path("time").asText());
        if (firstSeen == null || first.compareTo(firstSeen) < 0) {
            firstSeen = first;
        }
        if (lastSeen == null || last.compareTo(lastSeen) >= 0) {
            lastSeen = last;
            latest = i;
        }
    }
}
