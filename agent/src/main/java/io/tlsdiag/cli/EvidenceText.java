package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code diagnosis} evidence that `show` prints beside the summary: the facts a reader acts on that the chain
 * drawing does not show (how far outside its validity a certificate was,
 * whether SNI was sent). Only fields present are printed.
 */
final class EvidenceText {

    private EvidenceText() {
    }

    private static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : array) {
            sb.append(sb.length() == 0 ? "" : "; ").append(n.asText());
        }
        return sb.toString();
    }

    static void render(StringBuilder sb, JsonNode i, Terminal t) {
        JsonNode d = i.path("diagnosis");
        StringBuilder body = new StringBuilder();
        if (d.path("secondsOutsideValidity").isNumber()) {
            long s = d.path("secondsOutsideValidity").asLong();
            IncidentText.wrap(body, "  ", "Outside validity by " + s + " s ("
                    + Terminal.safe(d.path("expiredFor").asText(d.path("validIn").asText("?"))) + ")"
                    + (d.path("clockMayBeWrong").asBoolean() ? "; this host's clock may be wrong." : "."));
        }
        if (d.path("sniSent").isBoolean()) {
            IncidentText.wrap(body, "  ", d.path("sniSent").asBoolean()
                    ? "SNI sent: " + Terminal.safe(d.path("sniName").asText("?"))
                    : "SNI: none sent (" + Terminal.safe(d.path("sniMissingReason").asText("?"))
                    + "); the server may have answered with its default certificate.");
        }
        if ("HANDSHAKE_LIMIT_EXCEEDED".equals(i.path("category").asText()) && d.path("limit").isNumber()) {
            IncidentText.wrap(body, "  ", "Limit: " + Terminal.safe(d.path("property").asText("?")) + " = "
                    + d.path("limit").asLong() + ", the peer sent " + d.path("actual").asLong());
        }
        if (d.path("parseError").isTextual()) {
            IncidentText.wrap(body, "  ", "Parse error: " + Terminal.safe(d.path("parseError").asText()));
        }
        if (d.path("acceptedIssuers").isArray()) {
            IncidentText.wrap(body, "  ", "Server accepts client certificates from: " + (d.path("acceptedIssuers")
                    .size() == 0 ? "any CA" : Terminal.safe(join(d.path("acceptedIssuers")))));
        }
        if (d.path("clientKeys").isArray()) {
            IncidentText.wrap(body, "  ", "Client keys: " + (d.path("clientKeys").size() == 0 ? "none" : ""));
            for (JsonNode k : d.path("clientKeys")) {
                IncidentText.wrap(body, "    - ", Terminal.safe(k.path("alias").asText() + ": "
                        + k.path("subject").asText("?") + ", issued by " + k.path("issuer").asText("?") + ", "
                        + k.path("keyAlgorithm").asText("?") + ", until " + k.path("notAfter").asText("?")
                        + (k.path("mismatch").isTextual() ? "; " + k.path("mismatch").asText() : "")));
            }
        }
        if (body.length() > 0) {
            sb.append('\n').append(t.bold("Evidence")).append(":\n").append(body);
        }
    }
}
