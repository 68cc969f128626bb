package io.tlsdiag.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The counterfactual verdict in one line, from {@code diagnosis.alsoTrustedBy} and {@code trustSources}: which other
 * trust sources of the machine accept the chain the store in use rejected, e.g. "The OS trust store and this JDK's
 * default trust store both trust this chain; the trust store this JVM uses, /path/truststore.p12 (1 anchor), does
 * not." Shown by {@code show}, {@code report} and the HTML page; null for incidents without that evidence.
 */
final class TrustVerdict {

    private TrustVerdict() {
    }

    static String line(JsonNode incident) {
        JsonNode d = incident.path("diagnosis");
        if (!d.path("alsoTrustedBy").isArray()) {
            return null;
        }
        List<String> trusting = new ArrayList<String>();
        List<String> compared = new ArrayList<String>();
        for (JsonNode s : d.path("trustSources")) {
            String name = label(s.path("name").asText());
            compared.add(name);
            if (s.path("trusts").asBoolean()) {
                trusting.add(name);
            }
        }
        if (trusting.isEmpty()) {
            for (JsonNode n : d.path("alsoTrustedBy")) { // an incident with the list but without trustSources
                trusting.add(label(n.asText()));
            }
        }
        String inUse = storeInUse(incident.path("trust"));
        if (trusting.isEmpty()) {
            if (compared.isEmpty()) {
                return "No other trust source of this machine could be compared; " + inUse + " does not trust this "
                        + "chain.";
            }
            if (compared.size() == 1) {
                return capital(compared.get(0)) + " does not trust this chain either; nor does " + inUse + ".";
            }
            return "Neither " + join(compared, "nor") + " trusts this chain; nor does " + inUse + ".";
        }
        return capital(join(trusting, "and")) + (trusting.size() > 1 ? " both trust" : " trusts") + " this chain; "
                + inUse + (inUse.contains(", ") ? ", does not." : " does not.");
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String label(String name) {
        if ("jdk-default".equals(name)) {
            return "this JDK's default trust store (cacerts)";
        }
        if ("os".equals(name)) {
            return "the OS trust store";
        }
        return name;
    }

    /** "the trust store this JVM uses, /path/truststore.p12 (1 anchor)" from the incident's trust object. */
    private static String storeInUse(JsonNode trust) {
        String source = trust.path("source").asText("");
        StringBuilder sb = new StringBuilder("the trust store this JVM uses");
        boolean file = source.startsWith("/") || source.matches("^[A-Za-z]:\\\\.*");
        if (file) {
            sb.append(", ").append(source);
        } else if (source.startsWith("custom trust manager")) {
            sb.append(", a ").append(source);
        }
        if (trust.path("anchors").isInt()) {
            int n = trust.path("anchors").asInt();
            sb.append(" (").append(n).append(n == 1 ? " anchor)" : " anchors)");
        }
        return sb.toString();
    }

    private static String join(List<String> names, String word) {
        if (names.size() == 1) {
            return names.get(0);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            sb.append(k == 0 ? "" : k == names.size() - 1 ? " " + word + " " : ", ").append(names.get(k));
        }
        return sb.toString();
    }
}
