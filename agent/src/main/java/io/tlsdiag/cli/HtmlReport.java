package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code report --html}: one self-contained page (inline CSS and SVG, no script, no external asset) to attach to a
 * ticket: the categories at a glance, when each group failed, the groups, and per group its latest incident with the
 * chain drawn on a time axis ({@link HtmlCharts}). Every value is HTML-escaped: certificate fields are
 * attacker-controlled.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(IncidentDirectory dir, List<IncidentGroup> groups) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>tlsdiag report</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3em .6em;")
                .append("border-bottom:1px solid #eee;vertical-align:top}th{background:#f5f5f5}")
                .append(".failure{color:#b00020;font-weight:600}.finding{color:#9a6700;font-weight:600}")
                .append(".fault{background:#fde7ea}.mono{font-family:ui-monospace,monospace;font-size:12px}")
                .append("ol li{margin:.3em 0}.muted{color:#666}td.when{white-space:nowrap}")
                .append(CHART_CSS).append("</style></head><body>\n");
        long total = 0;
        for (IncidentGroup g : groups) {
            total += g.occurrences;
        }
        h.append("<h1>tlsdiag report</h1>\n<p class=\"muted\" id=\"totals\">").append(total)
                .append(" occurrence(s) in ").append(dir.incidents.size()).append(" incident(s), ")
                .append(groups.size()).append(" group(s), from ").append(esc(dir.dir.getPath())).append("</p>\n");
        if (dir.evicted > 0) {
            h.append("<p class=\"muted\">").append(dir.evicted)
                    .append(" older incident(s) were evicted (maxIncidents / maxBytes).</p>\n");
        }
        if (groups.isEmpty()) {
            h.append("<p id=\"nothing\">Nothing to report.</p>\n");
        } else {
            h.append("<h2>At a glance: occurrences by category</h2>\n");
            HtmlCharts.categoryBars(h, groups);
            h.append("<h2>When: the occurrences of each group</h2>\n");
            HtmlCharts.timeline(h, groups);
            h.append("<h2>Groups</h2>\n<table id=\"groups\"><thead><tr><th>Category</th><th>Peer</th><th>Count</th>")
                    .append("<th>First seen</th><th>Last seen</th><th>What happened</th></tr></thead><tbody>\n");
            int n = 0;
            for (IncidentGroup g : groups) {
                h.append("<tr class=\"group\" data-category=\"").append(esc(g.category)).append("\"><td class=\"")
                        .append(esc(g.kind)).append("\"><a href=\"#g").append(n++).append("\">").append(esc(g.category))
                        .append("</a></td><td>").append(esc(g.peer)).append("</td><td class=\"count\">")
                        .append(g.occurrences).append("</td><td class=\"when\">").append(esc(minute(g.firstSeen)))
                        .append("</td><td class=\"when\">").append(esc(minute(g.lastSeen))).append("</td><td class=\"what\">")
                        .append(esc(g.latest.path("summary").asText())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
            n = 0;
            for (IncidentGroup g : groups) {
                detail(h, g, n++);
            }
        }
        h.append("<p class=\"muted\">Every remediation fixes the cause; none turns certificate verification off.</p>\n")
                .append("</body></html>\n");
        return h.toString();
    }

    private static void detail(StringBuilder h, IncidentGroup g, int n) {
        JsonNode i = g.latest;
        h.append("<section class=\"incident\" id=\"g").append(n).append("\"><h2><span class=\"").append(esc(g.kind))
                .append("\">").append(esc(g.category)).append("</span> ").append(esc(g.peer)).append("</h2>\n<p>")
                .append(esc(i.path("summary").asText())).append("</p>\n<p class=\"muted\">Latest: ")
                .append(esc(i.path("id").asText())).append(" (").append(esc(i.path("role").asText()))
                .append(" side, thread ").append(esc(i.path("thread").asText())).append(")</p>\n");
        JsonNode chain = i.path("chain");
        int failing = i.path("failingCertificateIndex").isInt() ? i.path("failingCertificateIndex").asInt() : -1;
        if (chain.size() > 0) {
            HtmlCharts.chainDiagram(h, i);
            h.append("<table class=\"chain\"><thead><tr><th>#</th><th>Subject</th><th>Issuer</th><th>Valid</th>")
                    .append("<th>SHA-256</th></tr></thead><tbody>\n");
            for (JsonNode c : chain) {
                boolean fault = c.path("index").asInt() == failing;
                h.append("<tr").append(fault ? " class=\"fault\" title=\"the certificate at fault\"" : "").append("><td>")
                        .append(c.path("index").asInt()).append(fault ? " &#9888;" : "").append("</td><td>")
                        .append(esc(c.path("subject").asText())).append("</td><td>").append(esc(c.path("issuer").asText()))
                        .append("</td><td class=\"valid\">").append(esc(c.path("notBefore").asText().replaceAll("T.*", "")))
                        .append(" &ndash; ").append(esc(c.path("notAfter").asText().replaceAll("T.*", "")))
                        .append("</td><td class=\"mono\">").append(esc(c.path("sha256").asText())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        } else {
            h.append("<p class=\"muted\">No certificate was received.</p>\n");
        }
        h.append("<p><b>Trust:</b> ").append(esc(i.path("trust").path("source").asText("?")));
        if (i.path("trust").path("trustManager").isTextual()) {
            h.append(" &mdash; trust manager <span class=\"mono\">")
                    .append(esc(i.path("trust").path("trustManager").asText())).append("</span>");
        }
        h.append("</p>\n");
        String verdict = TrustVerdict.line(i);
        if (verdict != null) {
            h.append("<p class=\"trust-verdict\"><b>Other trust sources:</b> ").append(esc(verdict)).append("</p>\n");
        }
        if (i.path("exception").path("type").isTextual()) {
            h.append("<p><b>Exception:</b> <span class=\"mono\">").append(esc(i.path("exception").path("type").asText()))
                    .append(": ").append(esc(i.path("exception").path("message").asText())).append("</span></p>\n");
        }
        if (i.path("stack").size() > 0) {
            h.append("<p><b>Called from:</b></p><pre class=\"mono\">");
            int shown = 0;
            for (JsonNode f : i.path("stack")) {
                if (shown++ == 8) {
                    h.append("...\n");
                    break;
                }
                h.append(esc(f.path("className").asText() + "." + f.path("methodName").asText() + "("
                        + f.path("fileName").asText("?") + ":" + f.path("lineNumber").asInt() + ")")).append('\n');
            }
            h.append("</pre>\n");
        }
        h.append("<p><b>What to do:</b></p><ol class=\"remediation\">");
        for (JsonNode r : i.path("remediation")) {
            h.append("<li>").append(esc(r.asText())).append("</li>");
        }
        h.append("</ol></section>\n");
    }

    /** The pictures' look: failures red, findings amber, the certificate at fault and the failure's moment red. */
    private static final String CHART_CSS = "svg.chart{display:block;width:100%;height:auto;margin:.6em 0 1em}"
            + "svg.chart text{font:12px system-ui,sans-serif;fill:#222}svg.chart .axis line{stroke:#e4e4e4}"
            + "svg.chart .axis text{fill:#777;font-size:11px}svg.chart .count{fill:#444}"
            + ".bar.failure{fill:#c62828}.bar.finding{fill:#d69e2e}"
            + "svg.chart tspan.failure{fill:#b00020;font-weight:600}svg.chart tspan.finding{fill:#9a6700;font-weight:600}"
            + ".guide{stroke:#eee}.occurrence circle{fill:#c62828;fill-opacity:.8}"
            + ".occurrence.finding circle{fill:#d69e2e}.occurrence .span{stroke:#c62828;stroke-width:3;stroke-opacity:.5}"
            + ".cert{stroke-width:1.5}.cert.valid{fill:#d9efdc;stroke:#2e7d32}"
            + ".cert.expired,.cert.not-yet-valid{fill:#eceff1;stroke:#78909c}"
            + ".cert.fault{fill:#fbd3d8;stroke:#b00020;stroke-width:3}"
            + "svg.chart .role{fill:#666;font-weight:600}svg.chart .state{fill:#666;font-size:11px}"
            + "svg.chart .state.fault{fill:#b00020;font-weight:600}"
            + "rect.missing{fill:none;stroke:#b00020;stroke-width:1.5;stroke-dasharray:6 4}"
            + "svg.chart .window{fill:#333;font-size:11px}table.chain td,td.what{overflow-wrap:anywhere}td.valid,td.when{white-space:nowrap}"
            + ".incident-time{stroke:#b00020;stroke-width:2;stroke-dasharray:5 3}"
            + "svg.chart .incident-label{fill:#b00020;font-weight:600}";

    /** "2026-11-29 14:42" from an ISO-8601 instant. */
    static String minute(String iso) {
        return iso == null || iso.length() < 16 ? String.valueOf(iso) : iso.substring(0, 10) + " " + iso.substring(11, 16);
    }

    /** HTML-escapes text content and attribute values; control characters become visible escapes. */
    static String esc(String s) {
        String safe = Terminal.safe(s);
        StringBuilder out = new StringBuilder(safe.length() + 16);
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
