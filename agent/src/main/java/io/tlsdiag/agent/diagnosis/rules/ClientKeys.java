package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.handshake.ClientAuthRecord;

import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the server accepted and what this JVM's key manager held: the CA names of the CertificateRequest,
 * and every alias with its certificate's subject, issuer, key algorithm and notAfter, and why it did not match.
 * Certificates only, never a key. Runs on the writer thread, for an incident only; the key manager is asked for its
 * aliases of every common key type with no issuer filter.
 */
final class ClientKeys {

    /** Key types asked for besides the server's, so that a key of a type the server did not ask for still shows. */
    private static final List<String> COMMON_KEY_TYPES = Arrays.asList("RSA", "EC", "RSASSA-PSS", "DSA", "EdDSA");

    private ClientKeys() {
    }

    /** The CA names the server listed: null when unknown, empty when the server named none (any CA). */
    static List<String> acceptedIssuers(ClientAuthRecord auth) {
        if (auth == null || auth.acceptedIssuers == null) {
            return null;
        }
        List<String> out = new ArrayList<String>();
        for (Principal p : auth.acceptedIssuers) {
            if (p != null) {
                out.add(p instanceof X500Principal ? ((X500Principal) p).getName(X500Principal.RFC2253) : p.getName());
            }
        }
        return out;
    }

    /** Every alias the key manager holds, or null when it cannot be listed (not an X509KeyManager). */
    static List<Map<String, Object>> list(ClientAuthRecord auth, Date at) {
        if (auth == null || !(auth.keyManagerObject instanceof X509KeyManager)) {
            return null;
        }
        X509KeyManager km = (X509KeyManager) auth.keyManagerObject;
        Set<String> types = new LinkedHashSet<String>();
        if (auth.keyTypes != null) {
            types.addAll(Arrays.asList(auth.keyTypes));
        }
        types.addAll(COMMON_KEY_TYPES);
        Set<String> aliases = new LinkedHashSet<String>();
        for (String type : types) {
            try {
                String[] found = km.getClientAliases(type, null);
                if (found != null) {
                    aliases.addAll(Arrays.asList(found));
                }
            } catch (RuntimeException unsupported) {
                // a key type this key manager does not know
            }
        }
        Set<X500Principal> accepted = new LinkedHashSet<X500Principal>();
        if (auth.acceptedIssuers != null) {
            for (Principal p : auth.acceptedIssuers) {
                if (p instanceof X500Principal) {
                    accepted.add((X500Principal) p);
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<Map<String, Object>>();
        for (String alias : aliases) {
            X509Certificate[] chain;
            try {
                chain = km.getCertificateChain(alias);
            } catch (RuntimeException unreadable) {
                chain = null;
            }
            Map<String, Object> key = new LinkedHashMap<String, Object>();
            key.put("alias", alias);
            if (chain == null || chain.length == 0) {
                key.put("mismatch", "no certificate chain for this alias");
                out.add(key);
                continue;
            }
            X509Certificate leaf = chain[0];
            key.put("subject", Certs.subject(leaf));
            key.put("issuer", Certs.issuer(leaf));
            key.put("keyAlgorithm", leaf.getPublicKey().getAlgorithm());
            key.put("notAfter", Certs.instant(leaf.getNotAfter()));
            key.put("mismatch", mismatch(chain, accepted, auth, at));
            out.add(key);
        }
        return out;
    }

    /** One sentence for a summary: what the server accepts, what the key manager holds, why none fit; or "". */
    static String sentence(ClientAuthRecord auth, Date at) {
        List<String> issuers = acceptedIssuers(auth);
        List<Map<String, Object>> keys = list(auth, at);
        if (issuers == null || keys == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" The server accepts certificates from ");
        sb.append(issuers.isEmpty() ? "any CA (it listed none)" : issuers.toString()).append("; ");
        if (keys.isEmpty()) {
            return sb.append("the key manager holds no key at all.").toString();
        }
        sb.append("the key manager holds ").append(keys.size()).append(keys.size() == 1 ? " key:" : " keys:");
        String sep = " ";
        for (Map<String, Object> k : keys) {
            sb.append(sep).append("'").append(k.get("alias")).append("' (")
                    .append(k.get("mismatch") == null ? "no reason found against it" : k.get("mismatch")).append(")");
            sep = "; ";
        }
        return sb.append(".").toString();
    }

    /** Why the JDK would not pick this key for the server's request, or null when nothing stands against it. */
    private static String mismatch(X509Certificate[] chain, Set<X500Principal> accepted, ClientAuthRecord auth,
                                   Date at) {
        X509Certificate leaf = chain[0];
        if (auth.keyTypes != null && !typeRequested(leaf.getPublicKey().getAlgorithm(), auth.keyTypes)) {
            return "key algorithm " + leaf.getPublicKey().getAlgorithm() + " is not among the types asked for "
                    + Arrays.toString(auth.keyTypes);
        }
        if (!accepted.isEmpty()) {
            boolean listed = false;
            for (X509Certificate c : chain) {
                if (accepted.contains(c.getIssuerX500Principal()) || accepted.contains(c.getSubjectX500Principal())) {
                    listed = true;
                }
            }
            if (!listed) {
                return "issued by " + Certs.issuer(chain[chain.length - 1]) + ", a CA the server did not list";
            }
        }
        if (Certs.isExpired(leaf, at)) {
            return "expired on " + Certs.date(leaf.getNotAfter());
        }
        if (Certs.isNotYetValid(leaf, at)) {
            return "not valid before " + Certs.date(leaf.getNotBefore());
        }
        return null;
    }

    private static boolean typeRequested(String algorithm, String[] keyTypes) {
        for (String t : keyTypes) {
            // JDK key types are "RSA", "EC", "RSASSA-PSS", or "EC_RSA"-style (key and signer algorithm)
            String keyPart = t.indexOf('_') > 0 ? t.substring(0, t.indexOf('_')) : t;
            if (keyPart.equalsIgnoreCase(algorithm) || ("EdDSA".equalsIgnoreCase(keyPart)
                    && algorithm.startsWith("Ed"))) {
                return true;
            }
        }
        return false;
    }
}
