package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.HostnameMatcher;
import io.tlsdiag.agent.diagnosis.NearMiss;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.SniEvidence;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The leaf certificate does not name the host the application asked for. Either the JDK's endpoint identification
 * rejected it inside the trust manager, or a HostnameVerifier said no after the handshake; in both cases the verdict
 * is confirmed by an independent RFC 6125 check of the leaf.
 */
public final class HostnameMismatchRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.hasChain() || e.peerHost() == null) {
            return null;
        }
        boolean byVerifier = e.isSource(HandshakeFailure.Source.HOSTNAME_VERIFIER);
        boolean identityCheckFailed = byVerifier
                || (e.trustRejected() && e.mentions("no subject alternative", "no name matching"));
        X509Certificate leaf = e.chain()[0];
        if (!identityCheckFailed || HostnameMatcher.matches(e.peerHost(), leaf)) {
            return null;
        }
        List<String> sans = HostnameMatcher.subjectAltNames(leaf);
        List<String> dns = new ArrayList<String>();
        List<String> ips = new ArrayList<String>();
        for (String san : sans) {
            if (san.startsWith("DNS:")) {
                dns.add(san.substring(4));
            } else if (san.startsWith("IP:")) {
                ips.add(san.substring(3));
            }
        }
        String cn = HostnameMatcher.commonName(leaf);
        Map<String, Object> nearMiss = NearMiss.find(e.peerHost(), dns.isEmpty() && cn != null
                ? Arrays.asList(cn) : dns);
        String named = sans.isEmpty() ? "no subjectAltName at all (CN=" + cn + ")" : "only " + sans;
        String hint = nearMiss == null ? "" : " Nearest: " + nearMiss.get("name") + " (" + nearMiss.get("reason") + ").";
        SniEvidence sni = SniEvidence.of(e);
        List<String> remediation = new ArrayList<String>(Arrays.asList(
                "On " + e.peerLabel() + ": install a certificate whose subjectAltName includes '"
                        + e.peerHost() + "', or serve the right certificate for that name (check SNI).",
                "On the client: connect with the name the certificate was issued for, if '" + e.peerHost()
                        + "' is an alias or an IP address."));
        if (sni != null && sni.remediation() != null) {
            remediation.add(sni.remediation());
        }
        remediation.add("Do not install a HostnameVerifier that accepts every name; it allows interception.");
        Verdict v = new Verdict(Category.HOSTNAME_MISMATCH, 0,
                "The certificate presented by " + e.peerLabel() + " (" + Certs.subject(leaf) + ") is not valid for "
                        + "the name '" + e.peerHost() + "': it names " + named + "." + hint
                        + (sni == null ? "" : sni.sentence(e.peerHost())),
                remediation)
                .with("requestedName", e.peerHost())
                .with("requestedIsIpAddress", HostnameMatcher.looksLikeIp(e.peerHost()))
                .with("dnsNames", dns)
                .with("ipAddresses", ips)
                .with("commonName", cn)
                .with("nearMiss", nearMiss)
                .with("checkedBy", byVerifier ? e.failure().hostnameVerifier : "JSSE endpoint identification (HTTPS)");
        if (sni != null) {
            sni.addTo(v);
        }
        return v;
    }
}
