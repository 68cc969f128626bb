package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One incident as a person reads it in a terminal: what happened, the chain with the certificate at fault marked,
 * the trust used, where the application made the call, and what to do. Every certificate-derived string goes
 * through {@link Terminal#safe}: a certificate can carry terminal escape sequences.
 */
final class IncidentText {

    private static final int WIDTH = 80;

    private IncidentText() {
    }

    static String render(JsonNode i) {
        StringBuilder sb = new StringBuilder();
        JsonNode peer = i.path("peer");
        sb.append(text(i, "category")).append("  ").append(Terminal.safe(peer.path("host").asText("?")))
                .append(':').append(peer.path("port").asText("?")).append("  (").append(text(i, "role"))
                .append(" side, ").append(text(i, "time")).append(")\n");
        wrap(sb, "  ", text(i, "summary"));
        JsonNode chain = i.path("chain");
        int failing = i.path("failingCertificateIndex").isNull() ? -1 : i.path("failingCertificateIndex").asInt(-1);
        sb.append("\nChain as presented (leaf first):\n");
        if (chain.size() == 0) {
            sb.append("  (no certificate was received)\n");
        }
        for (JsonNode c : chain) {
            int index = c.path("index").asInt();
            sb.append(index == failing ? "  >> " : "     ").append('[').append(index).append("] ")
                    .append(Terminal.safe(c.path("subject").asText())).append('\n');
            sb.append("          issuer  ").append(Terminal.safe(c.path("issuer").asText())).append('\n');
            sb.append("          valid   ").append(day(c.path("notBefore").asText())).append(" .. ")
                    .append(day(c.path("notAfter").asText())).append('\n');
            sb.append("          sha256  ").append(c.path("sha256").asText()).append('\n');
        }
        JsonNode trust = i.path("trust");
        sb.append("\nTrust: ").append(Terminal.safe(trust.path("source").asText("?")));
        if (!trust.path("anchors").isNull() && trust.has("anchors")) {
            sb.append(" (").append(trust.path("anchors").asInt()).append(" anchors)");
        }
        sb.append('\n');
        if (!trust.path("trustManager").isNull() && trust.has("trustManager")) {
            sb.append("  trust manager: ").append(Terminal.safe(trust.path("trustManager").asText())).append('\n');
        }
        JsonNode ex = i.path("exception");
        sb.append("\nException: ").append(Terminal.safe(ex.path("type").asText())).append('\n');
        wrap(sb, "  ", Terminal.safe(ex.path("message").asText()));
        int shown = 0;
        for (JsonNode f : i.path("stack")) {
            if (shown == 0) {
                sb.append("\nCalled from:\n");
            }
            if (shown++ == 6) {
                sb.append("  ...\n");
                break;
            }
            sb.append("  ").append(Terminal.safe(f.path("className").asText())).append('.')
                    .append(Terminal.safe(f.path("methodName").asText())).append('(')
                    .append(Terminal.safe(f.path("fileName").asText("?"))).append(':')
                    .append(f.path("lineNumber").asInt()).append(")\n");
        }
        sb.append("\nWhat to do:\n");
        int n = 1;
        for (JsonNode r : i.path("remediation")) {
            wrap(sb, "  " + (n++) + ". ", Terminal.safe(r.asText()));
        }
        return sb.toString();
    }

    private static String text(JsonNode i, String field) {
        return Terminal.safe(i.path(field).asText("?"));
    }

    private static String day(String iso) {
        return iso.length() >= 10 ? iso.substring(0, 10) : iso;
    }

    /** Word-wraps {@code text} to the terminal width, the first line after {@code lead}, the rest indented. */
    static void wrap(StringBuilder sb, String lead, String text) {
        String indent = new String(new char[lead.length()]).replace('\0', ' ');
        StringBuilder line = new StringBuilder(lead);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > lead.length()) {
                sb.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length() && line.charAt(line.length() - 1) != ' ') {
                line.append(' ');
            }
            line.append(word);
        }
        sb.append(line).append('\n');
    }
}
