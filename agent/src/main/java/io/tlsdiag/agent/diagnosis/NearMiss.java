package io.tlsdiag.agent.diagnosis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The certificate name closest to the one the application asked for, and why it does not match: the hint that turns
 * "hostname mismatch" into "the wildcard covers one label only" or "the certificate is for www.".
 */
public final class NearMiss {

    private NearMiss() {
    }

    /** {name, reason}, or null when no DNS name is close. */
    public static Map<String, Object> find(String host, List<String> dnsNames) {
        if (host == null || dnsNames.isEmpty()) {
            return null;
        }
        String wanted = host.toLowerCase(Locale.ROOT);
        String best = null;
        String reason = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String raw : dnsNames) {
            String name = raw.toLowerCase(Locale.ROOT);
            String why = null;
            int distance;
            if (name.startsWith("*.") && wanted.endsWith(name.substring(1))) {
                why = "the wildcard " + name + " covers exactly one label; '" + host + "' has more before "
                        + name.substring(2);
                distance = 0;
            } else if (name.startsWith("*.") && wanted.equals(name.substring(2))) {
                why = "the wildcard " + name + " does not cover the bare domain " + name.substring(2);
                distance = 0;
            } else if (wanted.equals("www." + name) || name.equals("www." + wanted)) {
                why = "the names differ only by 'www.'";
                distance = 1;
            } else {
                distance = levenshtein(wanted, name);
                if (distance <= Math.max(2, wanted.length() / 5)) {
                    why = "differs by " + distance + " character(s): a typo in the URL or the certificate?";
                }
            }
            if (why != null && distance < bestDistance) {
                best = raw;
                reason = why;
                bestDistance = distance;
            }
        }
        if (best == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("name", best);
        m.put("reason", reason);
        return m;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
