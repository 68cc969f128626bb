package io.tlsdiag.agent.diagnosis;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Known TLS interception products (corporate proxies, security suites, debugging proxies), recognised by the names
 * their re-signing CAs carry. Only CA names are matched (the issuer of every certificate, the subject of CA and
 * self-signed ones): a site whose own name mentions a vendor is not an interceptor. Whole words only, so that
 * "ESET" does not match "RESET" nor "AVG" a random string; Symantec alone is a public CA, so only "ProxySG" counts.
 */
public final class Interceptors {

    private static final Map<Pattern, String> PRODUCTS = new LinkedHashMap<Pattern, String>();

    static {
        product("Zscaler", "zscaler");
        product("Netskope", "netskope");
        product("Palo Alto Networks", "palo ?alto ?networks", "paloalto");
        product("Fortinet FortiGate", "fortinet", "fortigate", "fortiproxy");
        product("Cisco Umbrella", "cisco umbrella", "opendns");
        product("Blue Coat / Symantec ProxySG", "blue ?coat", "proxysg");
        product("Sophos", "sophos");
        product("Check Point", "check point");
        product("Forcepoint", "forcepoint", "websense");
        product("McAfee / Skyhigh", "mcafee", "skyhigh");
        product("Kaspersky", "kaspersky");
        product("Avast / AVG", "avast", "avg technologies", "avg web ?shield");
        product("ESET", "eset");
        product("Bitdefender", "bitdefender");
        product("mitmproxy", "mitmproxy");
        product("Charles Proxy", "charles proxy", "charlesproxy");
        product("Fiddler", "fiddler", "fiddlerroot");
        product("Burp Suite (PortSwigger)", "portswigger", "burp");
    }

    private static void product(String name, String... words) {
        for (String w : words) {
            PRODUCTS.put(Pattern.compile("(?<![a-z0-9])" + w + "(?![a-z0-9])"), name);
        }
    }

    private Interceptors() {
    }

    /**
     * The product a distinguished name names, or null. Only its CN, O and OU values count: a locality or state
     * ({@code L=Palo Alto}) names where a company sits, not what signed.
     */
    public static String productIn(String distinguishedName) {
        if (distinguishedName == null) {
            return null;
        }
        String names = organisationalNames(distinguishedName);
        for (Map.Entry<Pattern, String> p : PRODUCTS.entrySet()) {
            if (p.getKey().matcher(names).find()) {
                return p.getValue();
            }
        }
        return null;
    }

    /**
     * The CN, O and OU values of an RFC 2253 name, lower case, underscores as spaces (DO_NOT_TRUST_FiddlerRoot).
     * Split by hand on unescaped commas and plus signs: javax.naming is not in every runtime image.
     */
    static String organisationalNames(String dn) {
        StringBuilder out = new StringBuilder();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= dn.length(); i++) {
            char c = i < dn.length() ? dn.charAt(i) : ',';
            if (c == '\\' && i + 1 < dn.length()) {
                part.append(dn.charAt(++i));
            } else if (c == ',' || c == '+') {
                int eq = part.indexOf("=");
                String type = eq < 0 ? "" : part.substring(0, eq).trim().toUpperCase(Locale.ROOT);
                if (type.equals("CN") || type.equals("O") || type.equals("OU")) {
                    out.append(part.substring(eq + 1)).append(" | ");
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A match: the product, and the CA name that names it. */
    public static final class Match {
        public final String product;
        public final String caName;

        Match(String product, String caName) {
            this.product = product;
            this.caName = caName;
        }
    }

    /**
     * The interception product a chain's CA names point to: each certificate's issuer, and the subject of the
     * CA and self-signed ones (the root that issued a lone leaf is named by the leaf's issuer). Null when none does.
     */
    public static Match inChain(X509Certificate[] chain) {
        if (chain.length == 1 && Certs.isSelfSigned(chain[0]) && !Certs.isCa(chain[0])) {
            return null; // an appliance's own factory certificate (CN=FortiGate): a self-signed server, not interception
        }
        for (int i = chain.length - 1; i >= 0; i--) { // root end first: the re-signing CA
            X509Certificate c = chain[i];
            if (Certs.isCa(c) || Certs.isSelfSigned(c)) {
                String p = productIn(Certs.subject(c));
                if (p != null) {
                    return new Match(p, Certs.subject(c));
                }
            }
            String p = productIn(Certs.issuer(c));
            if (p != null) {
                return new Match(p, Certs.issuer(c));
            }
        }
        return null;
    }
}
