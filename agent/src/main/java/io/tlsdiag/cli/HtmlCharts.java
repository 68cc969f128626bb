package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report page's pictures, as inline SVG (no script, no external asset): counts by category, a timeline of the
 * occurrences per group, and each incident's chain on a time axis. Every text that comes from an incident goes
 * through {@link HtmlReport#esc}: certificate names are chosen by whoever made the certificate.
 */
final class HtmlCharts {

    static final int WIDTH = 960;
    private static final long YEAR = 365L * 24 * 3600 * 1000;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private HtmlCharts() {
    }

    /** Occurrences by category, one bar each, the most frequent first. */
    static void categoryBars(StringBuilder h, List<IncidentGroup> groups) {
        Map<String, long[]> counts = new LinkedHashMap<String, long[]>(); // category -> {occurrences, groups}
        Map<String, String> kinds = new LinkedHashMap<String, String>();
        for (IncidentGroup g : groups) {
            long[] c = counts.get(g.category);
            if (c == null) {
                c = new long[2];
                counts.put(g.category, c);
                kinds.put(g.category, g.kind);
            }
            c[0] += g.occurrences;
            c[1]++;
        }
        List<Map.Entry<String, long[]>> rows = new ArrayList<Map.Entry<String, long[]>>(counts.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        long max = rows.isEmpty() ? 1 : Math.max(1, rows.get(0).getValue()[0]);
        int rowHeight = 26;
        int height = 10 + rows.size() * rowHeight;
        double barX = 250;
        double barWidth = 520;
        svgOpen(h, "categories", "chart", height, "occurrences by category");
        int y = 6;
        for (Map.Entry<String, long[]> row : rows) {
            String category = row.getKey();
            long n = row.getValue()[0];
            long peers = row.getValue()[1];
            double w = Math.max(3, barWidth * n / max);
            h.append("<g class=\"category-bar\" data-category=\"").append(HtmlReport.esc(category))
                    .append("\" data-count=\"").append(n).append("\"><title>").append(HtmlReport.esc(category))
                    .append(": ").append(n).append(" occurrence(s), ").append(peers).append(" peer(s)</title>")
                    .append("<text class=\"label\" x=\"8\" y=\"").append(y + 15).append("\">")
                    .append(HtmlReport.esc(category)).append("</text><rect class=\"bar ")
                    .append(HtmlReport.esc(kinds.get(category))).append("\" x=\"").append(num(barX)).append("\" y=\"")
                    .append(y + 3).append("\" width=\"").append(num(w)).append("\" height=\"17\" rx=\"2\"/>")
                    .append("<text class=\"count\" x=\"").append(num(barX + w + 8)).append("\" y=\"").append(y + 15)
                    .append("\">").append(n).append(peers > 1 ? " \u00b7 " + peers + " peers" : "").append("</text></g>\n");
            y += rowHeight;
        }
        h.append("</svg>\n");
    }

    /** When each group failed: one row per group, a dot per incident (a bar from its first to its last repeat). */
    static void timeline(StringBuilder h, List<IncidentGroup> groups) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (IncidentGroup g : groups) {
            for (JsonNode i : g.incidents) {
                long[] seen = seen(i);
                if (seen != null) {
                    min = Math.min(min, seen[0]);
                    max = Math.max(max, seen[1]);
                }
            }
        }
        if (min == Long.MAX_VALUE) {
            return;
        }
        int top = 30;
        int rowHeight = 28;
        int height = top + groups.size() * rowHeight + 8;
        TimeAxis axis = new TimeAxis(min, max, 60_000, 330, WIDTH - 20);
        h.append("<p class=\"muted\" id=\"timeline-span\">").append(SECOND.format(Instant.ofEpochMilli(min)))
                .append(" \u2013 ").append(SECOND.format(Instant.ofEpochMilli(max))).append(" UTC</p>\n");
        svgOpen(h, "timeline", "chart", height, "occurrences over time, one row per group");
        axisTicks(h, axis, 8, 16, top - 6, height - 4);
        int y = top;
        for (IncidentGroup g : groups) {
            int cy = y + rowHeight / 2;
            h.append("<g class=\"timeline-row\" data-category=\"").append(HtmlReport.esc(g.category))
                    .append("\" data-occurrences=\"").append(g.occurrences).append("\">")
                    .append("<text class=\"label\" x=\"8\" y=\"").append(cy + 4).append("\"><tspan class=\"")
                    .append(HtmlReport.esc(g.kind)).append("\">").append(HtmlReport.esc(cut(g.category, 26)))
                    .append("</tspan> ").append(HtmlReport.esc(cut(g.peer, 40 - Math.min(26, g.category.length()))))
                    .append("</text><line class=\"guide\" x1=\"").append(num(axis.x0)).append("\" x2=\"")
                    .append(num(axis.x1)).append("\" y1=\"").append(cy).append("\" y2=\"").append(cy).append("\"/>");
            for (JsonNode i : g.incidents) {
                long[] seen = seen(i);
                if (seen == null) {
                    continue;
                }
                long n = Math.max(1, i.path("occurrences").asLong(1));
                double r = Math.min(11, 4 + 2 * Math.log(n) / Math.log(2));
                double a = axis.x(seen[0]);
                double b = axis.x(seen[1]);
                h.append("<g class=\"occurrence ").append(HtmlReport.esc(g.kind)).append("\" data-occurrences=\"")
                        .append(n).append("\"><title>").append(n).append(" occurrence(s), first ")
                        .append(SECOND.format(Instant.ofEpochMilli(seen[0]))).append(", last ")
                        .append(SECOND.format(Instant.ofEpochMilli(seen[1]))).append(" UTC (")
                        .append(HtmlReport.esc(i.path("id").asText())).append(")</title>");
                if (b - a >= 2) {
                    h.append("<line class=\"span\" x1=\"").append(num(a)).append("\" x2=\"").append(num(b))
                            .append("\" y1=\"").append(cy).append("\" y2=\"").append(cy).append("\"/>")
                            .append("<circle cx=\"").append(num(a)).append("\" cy=\"").append(cy)
                            .append("\" r=\"4\"/>");
                }
                h.append("<circle cx=\"").append(num(b)).append("\" cy=\"").append(cy).append("\" r=\"")
                        .append(num(r)).append("\"/></g>");
            }
            h.append("<text class=\"count\" x=\"").append(WIDTH - 6).append("\" y=\"").append(cy + 4)
                    .append("\" text-anchor=\"end\">\u00d7").append(g.occurrences).append("</text></g>\n");
            y += rowHeight;
        }
        h.append("</svg>\n");
    }

    /**
     * The chain of one incident: a row per certificate with its validity window on a time axis, the moment of the
     * failure as a vertical line, the certificate at fault highlighted; an issuer the server did not send is a
     * dashed row.
     */
    static void chainDiagram(StringBuilder h, JsonNode incident) {
        JsonNode chain = incident.path("chain");
        Long at = TimeAxis.parse(incident.path("time").asText(null));
        if (at == null) {
            at = TimeAxis.parse(incident.path("lastSeen").asText(null));
        }
        if (chain.size() == 0 || at == null) {
            return;
        }
        int failing = incident.path("failingCertificateIndex").isInt()
                ? incident.path("failingCertificateIndex").asInt() : -1;
        String missing = incident.path("diagnosis").path("missingIssuer").asText("");
        long min = at;
        long max = at;
        for (JsonNode c : chain) {
            Long from = TimeAxis.parse(c.path("notBefore").asText(null));
            Long to = TimeAxis.parse(c.path("notAfter").asText(null));
            min = from == null ? min : Math.min(min, from);
            max = to == null ? max : Math.max(max, to);
        }
        // A root valid until 2049 would squash everything else: keep 15 years either side of the failure.
        min = Math.max(min, at - 15 * YEAR);
        max = Math.min(max, at + 15 * YEAR);
        int top = 26;
        int rowHeight = 46;
        int rows = chain.size() + (missing.isEmpty() ? 0 : 1);
        int bottom = top + rows * rowHeight;
        int height = bottom + 26;
        TimeAxis axis = new TimeAxis(min, max, 24L * 3600 * 1000, 360, WIDTH - 20);
        svgOpen(h, null, "chart chain-diagram", height, "the certificate chain on a time axis");
        axisTicks(h, axis, 6, 14, top - 4, bottom);
        int y = top;
        for (JsonNode c : chain) {
            int index = c.path("index").asInt();
            Long from = TimeAxis.parse(c.path("notBefore").asText(null));
            Long to = TimeAxis.parse(c.path("notAfter").asText(null));
            String state = from != null && at < from ? "not-yet-valid" : to != null && at > to ? "expired" : "valid";
            boolean fault = index == failing;
            String role = c.path("selfSigned").asBoolean() ? (c.path("ca").asBoolean() ? "root" : "self-signed")
                    : c.path("ca").asBoolean() ? "CA" : index == 0 ? "leaf" : "cert";
            h.append("<g class=\"chain-row").append(fault ? " fault" : "").append("\" data-index=\"").append(index)
                    .append("\"><title>").append(HtmlReport.esc(c.path("subject").asText())).append("\nissued by ")
                    .append(HtmlReport.esc(c.path("issuer").asText())).append("\nvalid ")
                    .append(HtmlReport.esc(c.path("notBefore").asText())).append(" \u2013 ")
                    .append(HtmlReport.esc(c.path("notAfter").asText())).append("\nSHA-256 ")
                    .append(HtmlReport.esc(c.path("sha256").asText())).append("</title>");
            h.append("<text class=\"label\" x=\"8\" y=\"").append(y + 18).append("\"><tspan class=\"role\">#")
                    .append(index).append(' ').append(role).append("</tspan> ")
                    .append(HtmlReport.esc(cut(c.path("subject").asText(), 46 - role.length()))).append("</text>");
            h.append("<text class=\"state").append(fault ? " fault" : "").append("\" x=\"8\" y=\"").append(y + 35)
                    .append("\">").append(fault ? "\u26a0 at fault \u00b7 " : "")
                    .append(HtmlReport.esc(stateText(state, from, to, at))).append("</text>");
            if (from != null && to != null) {
                double a = axis.x(from);
                double b = Math.max(axis.x(to), a + 2);
                h.append("<rect class=\"cert ").append(state).append(fault ? " fault" : "").append("\" data-index=\"")
                        .append(index).append("\" x=\"").append(num(a)).append("\" y=\"").append(y + 10)
                        .append("\" width=\"").append(num(b - a)).append("\" height=\"24\" rx=\"3\"/>");
                // The window's dates inside the bar, or beside it when the bar is too short for them.
                String window = DAY.format(Instant.ofEpochMilli(from)) + " \u2192 " + DAY.format(Instant.ofEpochMilli(to));
                boolean inside = b - a >= 150;
                boolean after = !inside && b + 150 <= axis.x1;
                h.append("<text class=\"window\" x=\"").append(num(inside ? a + 6 : after ? b + 6 : a - 6))
                        .append("\" y=\"").append(y + 26).append("\"").append(inside || after ? "" : " text-anchor=\"end\"")
                        .append('>').append(window).append("</text>");
            }
            h.append("</g>\n");
            y += rowHeight;
        }
        if (!missing.isEmpty()) {
            h.append("<g class=\"chain-row missing\"><title>not sent: ").append(HtmlReport.esc(missing))
                    .append("</title><text class=\"label\" x=\"8\" y=\"").append(y + 18)
                    .append("\"><tspan class=\"role\">not sent</tspan> ").append(HtmlReport.esc(cut(missing, 38)))
                    .append("</text><text class=\"state fault\" x=\"8\" y=\"").append(y + 35)
                    .append("\">the issuer the server did not send</text><rect class=\"missing\" x=\"")
                    .append(num(axis.x0)).append("\" y=\"").append(y + 10).append("\" width=\"")
                    .append(num(axis.x1 - axis.x0)).append("\" height=\"24\" rx=\"3\"/></g>\n");
        }
        double x = axis.x(at);
        h.append("<g class=\"incident\"><title>the failure, ").append(SECOND.format(Instant.ofEpochMilli(at)))
                .append(" UTC</title><line class=\"incident-time\" x1=\"").append(num(x)).append("\" x2=\"")
                .append(num(x)).append("\" y1=\"").append(top - 6).append("\" y2=\"").append(bottom + 4)
                .append("\"/><text class=\"incident-label\" x=\"").append(num(x)).append("\" y=\"").append(bottom + 18)
                .append("\" text-anchor=\"").append(x > WIDTH - 160 ? "end" : x < axis.x0 + 160 ? "start" : "middle")
                .append("\">the failure, ").append(MINUTE.format(Instant.ofEpochMilli(at))).append(" UTC</text></g>\n");
        h.append("</svg>\n");
    }

    private static String stateText(String state, Long from, Long to, long at) {
        if (state.equals("expired")) {
            return "expired " + TimeAxis.distance(at - to) + " before the failure";
        }
        if (state.equals("not-yet-valid")) {
            return "valid only " + TimeAxis.distance(from - at) + " after the failure";
        }
        return "valid at the failure";
    }

    /** [first seen, last seen] of an incident in milliseconds, or null. */
    private static long[] seen(JsonNode i) {
        Long first = TimeAxis.parse(i.path("firstSeen").asText(i.path("time").asText(null)));
        Long last = TimeAxis.parse(i.path("lastSeen").asText(i.path("time").asText(null)));
        if (first == null && last == null) {
            return null;
        }
        return new long[] {first == null ? last : first, last == null ? first : Math.max(first, last)};
    }

    private static void svgOpen(StringBuilder h, String id, String cssClass, int height, String label) {
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        if (id != null) {
            h.append(" id=\"").append(id).append('"');
        }
        h.append(" class=\"").append(cssClass).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(label).append("\">\n");
    }

    private static void axisTicks(StringBuilder h, TimeAxis axis, int max, int labelY, int y1, int y2) {
        h.append("<g class=\"axis\">");
        for (TimeAxis.Tick t : axis.ticks(max)) {
            h.append("<line x1=\"").append(num(t.x)).append("\" x2=\"").append(num(t.x)).append("\" y1=\"").append(y1)
                    .append("\" y2=\"").append(y2).append("\"/><text x=\"").append(num(t.x)).append("\" y=\"")
                    .append(labelY).append("\" text-anchor=\"").append(t.x > WIDTH - 30 ? "end" : "middle").append("\">")
                    .append(HtmlReport.esc(t.label))
                    .append("</text>");
        }
        h.append("</g>\n");
    }

    /** At most {@code max} characters as shown: control characters count as the escapes the page shows for them. */
    private static String cut(String s, int max) {
        String shown = Terminal.safe(s);
        return shown.length() <= max ? shown : shown.substring(0, Math.max(1, max - 1)) + "\u2026";
    }

    private static String num(double d) {
        return String.valueOf(Math.round(d * 10) / 10.0);
    }
}
