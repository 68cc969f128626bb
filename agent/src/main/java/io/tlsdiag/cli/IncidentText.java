package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One incident as a person reads it in an 80-column terminal: what happened, the chain drawn as a tree (leaf at the
 * top, each certificate's validity against the time of the incident, the one at fault marked), the trust used,
 * where the application made the call, and what to do. Every certificate-derived string goes through
 * {@link Terminal#safe}.
 */
final class IncidentText {

    private static final int WIDTH = 80;

    private IncidentText() {
    }

    static String render(JsonNode i, Terminal t) {
        StringBuilder sb = new StringBuilder();
        String category = text(i, "category");
        boolean finding = "finding".equals(i.path("kind").asText());
        sb.append(finding ? t.yellow(t.bold(category)) : t.red(t.bold(category))).append("  ")
                .append(Terminal.safe(IncidentGroup.peerOf(i))).append("  (").append(text(i, "role"))
                .append(" side, ").append(ReportCommand.minute(i.path("time").asText())).append(" UTC");
        sb.append(")\n");
        long n = i.path("occurrences").asLong(1);
        if (n > 1) {
            sb.append("  ").append(n).append(" times, the last at ")
                    .append(ReportCommand.minute(i.path("lastSeen").asText())).append(" UTC\n");
        }
        wrap(sb, "  ", text(i, "summary"));
        chain(sb, i, t);
        EvidenceText.render(sb, i, t);
        JsonNode trust = i.path("trust");
        sb.append('\n').append(t.bold("Trust")).append(": ").append(Terminal.safe(trust.path("source").asText("?")));
        if (trust.path("anchors").isInt()) {
            sb.append(" (").append(trust.path("anchors").asInt()).append(" anchors)");
        }
        sb.append('\n');
        String verdict = TrustVerdict.line(i);
        if (verdict != null) {
            wrap(sb, "  ", Terminal.safe(verdict));
        }
        if (trust.path("trustManager").isTextual()) {
            sb.append("  trust manager: ").append(Terminal.safe(trust.path("trustManager").asText())).append('\n');
        }
        JsonNode ex = i.path("exception");
        if (ex.path("type").isTextual()) {
            sb.append('\n').append(t.bold("Exception")).append(": ").append(Terminal.safe(ex.path("type").asText()))
                    .append('\n');
            wrap(sb, "  ", Terminal.safe(ex.path("message").asText()));
        }
        callers(sb, i, t);
        sb.append('\n').append(t.bold("What to do")).append(":\n");
        int k = 1;
        for (JsonNode r : i.path("remediation")) {
            wrap(sb, "  " + (k++) + ". ", Terminal.safe(r.asText()));
        }
        return sb.toString();
    }

    /**
     * The application's frames (code outside the JDK): where the connection was made. JDK frames above them are
     * only counted; a stack with no application frame at all (an I/O thread) shows its first frames instead.
     */
    private static void callers(StringBuilder sb, JsonNode i, Terminal t) {
        JsonNode stack = i.path("stack");
        if (stack.size() == 0) {
            return;
        }
        int jdkAbove = 0;
        int firstApp = -1;
        for (int k = 0; k < stack.size(); k++) {
            if (!isJdk(stack.get(k).path("className").asText())) {
                firstApp = k;
                break;
            }
            jdkAbove++;
        }
        sb.append('\n').append(t.bold("Called from"));
        if ("engine-creation".equals(i.path("stackOrigin").asText())) {
            sb.append(" (where the application created the SSLEngine; the handshake failed on thread ")
                    .append(Terminal.safe(i.path("thread").asText("?"))).append(")");
        } else if ("connection-request".equals(i.path("stackOrigin").asText())) {
            sb.append(" (where the application asked for the connection; the handshake failed on thread ")
                    .append(Terminal.safe(i.path("thread").asText("?"))).append(")");
        } else if ("request-submission".equals(i.path("stackOrigin").asText())) {
            sb.append(" (where the application submitted the request; the library's thread ")
                    .append(Terminal.safe(i.path("thread").asText("?"))).append(" opened the connection)");
        } else if ("tls-context-setup".equals(i.path("stackOrigin").asText())) {
            sb.append(" (where the application set up this server's TLS; the handshake failed on thread ")
                    .append(Terminal.safe(i.path("thread").asText("?"))).append(")");
        }
        sb.append(firstApp < 0 ? " (JDK frames only: an I/O thread)" : jdkAbove > 0 ? " (below " + jdkAbove
                + " JDK frames)" : "").append(":\n");
        int shown = 0;
        for (int k = Math.max(firstApp, 0); k < stack.size() && shown < 6; k++, shown++) {
            JsonNode f = stack.get(k);
            String frame = f.path("className").asText() + "." + f.path("methodName").asText() + "("
                    + f.path("fileName").asText("?") + ":" + f.path("lineNumber").asInt() + ")";
            wrap(sb, "  ", Terminal.safe(frame));
        }
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("sun.")
                || className.startsWith("jdk.") || className.startsWith("com.sun.");
    }

    private static void chain(StringBuilder sb, JsonNode i, Terminal t) {
        JsonNode chain = i.path("chain");
        int failing = i.path("failingCertificateIndex").isInt() ? i.path("failingCertificateIndex").asInt() : -1;
        String at = i.path("time").asText();
        sb.append('\n').append(t.bold("Chain")).append(" as presented, leaf first, checked at ")
                .append(ReportCommand.minute(at)).append(" UTC:\n");
        if (chain.size() == 0) {
            sb.append("  (no certificate was received)\n");
            return;
        }
        String indent = "  ";
        for (JsonNode c : chain) {
            int index = c.path("index").asInt();
            boolean fault = index == failing;
            String state = validity(c, at);
            String mark = fault ? ">> " : "   ";
            StringBuilder head = new StringBuilder();
            wrap(head, indent + mark + "[" + index + "] ", Terminal.safe(c.path("subject").asText()));
            sb.append(fault ? t.red(head.toString()) : head.toString());
            String detail = indent + "       valid " + day(c.path("notBefore").asText()) + " .. "
                    + day(c.path("notAfter").asText()) + "  " + state;
            sb.append(fault || !state.equals("ok") ? t.red(detail) : t.green(detail)).append('\n');
            sb.append(indent).append("       sha256 ").append(c.path("sha256").asText().substring(0, 32)).append("...\n");
            indent = indent + "  ";
            wrap(sb, indent + "`-- issued by ", Terminal.safe(c.path("issuer").asText())
                    + (index == chain.size() - 1 ? (c.path("selfSigned").asBoolean() ? " (itself)" : " (not sent)")
                    : ""));
        }
    }

    /** "ok", "EXPIRED", or "NOT YET VALID" at the time of the incident (ISO-8601 strings compare in time order). */
    private static String validity(JsonNode c, String at) {
        if (at.compareTo(c.path("notAfter").asText()) > 0) {
            return "EXPIRED";
        }
        if (at.compareTo(c.path("notBefore").asText()) < 0) {
            return "NOT YET VALID";
        }
        return "ok";
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
            while (word.length() > WIDTH - indent.length()) {
                // a word longer than a line (a long DN or URL): break it rather than overflow 80 columns
                int room = Math.max(1, WIDTH - line.length() - 1);
                if (line.length() > indent.length()) {
                    line.append(' ');
                }
                line.append(word, 0, Math.min(room, word.length()));
                word = word.substring(Math.min(room, word.length()));
                sb.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() + word.length() + 1 > WIDTH && line.length() > indent.length()) {
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
