package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.SniEvidence;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.util.AgentLog;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Runs the rules in order; the first that the evidence supports decides. The order goes from the most specific
 * evidence to the least: what the trust managers proved about a certificate comes before what an alert suggests,
 * and a bare alert comes last.
 */
public final class Diagnoser {

    /** Rules for findings from successful handshakes; when none applies there is nothing to report. */
    static final List<Rule> FINDING_RULES = Collections.unmodifiableList(Arrays.<Rule>asList(
            new CertExpiringSoonRule(),
            new InsecureTrustManagerRule(),
            new InsecureHostnameVerifierRule()));

    static final List<Rule> RULES = Collections.unmodifiableList(Arrays.<Rule>asList(
            new HandshakeTimeoutRule(),
            new NotTlsRule(),
            new HandshakeLimitExceededRule(),
            new MalformedCertificateRule(),
            new TrustStoreProblemRule(),
            new CertExpiredRule(),
            new CertNotYetValidRule(),
            new HostnameMismatchRule(),
            new RevokedRule(),
            new RevocationUnknownRule(),
            new WeakAlgorithmRule(),
            new NotACaRule(),
            new BadKeyUsageRule(),
            new NameConstraintsRule(),
            new TlsInspectionRule(),
            new TrustStoreMissingRootRule(),
            new SelfSignedRule(),
            new IncompleteChainRule(),
            new UntrustedRootRule(),
            new CustomTrustRejectedRule(),
            new ClientCertRequiredRule(),
            new ClientCertRejectedRule(),
            new ProtocolVersionRule(),
            new NoCommonCipherRule(),
            new ConnectionClosedRule(),
            new PeerAlertRule()));

    private Diagnoser() {
    }

    /** The verdict, or null when a finding candidate turns out to be fine (nothing to write). */
    public static Verdict diagnose(Evidence evidence) {
        if (evidence.failure().source != null && evidence.failure().source.isFinding()) {
            return first(FINDING_RULES, evidence);
        }
        Verdict v = first(RULES, evidence);
        // Every chain-trust failure says which other trust sources would have accepted the chain (alsoTrustedBy).
        // ...and, on the client side, whether SNI was sent (which certificate a server serves can depend on it).
        return SniEvidence.attach(TrustSourcesEvidence.addTo(v != null ? v : unknown(evidence), evidence), evidence);
    }

    private static Verdict first(List<Rule> rules, Evidence evidence) {
        for (Rule rule : rules) {
            try {
                Verdict verdict = rule.apply(evidence);
                if (verdict != null) {
                    verdict.rule = rule.getClass().getSimpleName();
                    return verdict;
                }
            } catch (RuntimeException e) {
                AgentLog.failure("rule " + rule.getClass().getSimpleName(), e);
            }
        }
        return null;
    }

    private static Verdict unknown(Evidence e) {
        Throwable top = e.causes().isEmpty() ? null : e.causes().get(0);
        Verdict v = new Verdict(Category.UNKNOWN, null,
                "The TLS handshake with " + e.peerLabel() + " failed"
                        + (top == null ? "." : ": " + top.getClass().getName() + ": " + top.getMessage()),
                Arrays.asList("Read the exception and its causes below; if the cause is unclear, reproduce once "
                        + "with -Djavax.net.debug=ssl:handshake on a test instance."))
                .with("alert", e.alert())
                .with("alertDirection", e.alert() == null ? null : e.alertReceived() ? "received" : "sent");
        v.rule = "none";
        return v;
    }
}
