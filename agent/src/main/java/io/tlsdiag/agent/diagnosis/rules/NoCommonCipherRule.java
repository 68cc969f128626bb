package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.DisabledAlgorithms;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.Arrays;

/**
 * No cipher suite (or key exchange group) both sides accept. As client the evidence is a handshake_failure or
 * insufficient_security alert before the server sent any certificate and without a client-certificate request.
 * When this JVM refused, it is JSSE's own message ("no cipher suites in common"): the handshake_failure alert JSSE
 * then sends is the one of many other failures, and there is no reason code.
 */
public final class NoCommonCipherRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        boolean local = e.mentions("no cipher suites in common", "no appropriate cipher suite",
                "no negotiable cipher suite");
        boolean peerRefusedHello = e.alertReceived() && !e.hasChain() && e.failure().clientAuth == null
                && ("handshake_failure".equals(e.alert()) || "insufficient_security".equals(e.alert()));
        if (!local && !peerRefusedHello) {
            return null;
        }
        int enabled = e.failure().enabledCipherSuites == null ? -1 : e.failure().enabledCipherSuites.length;
        return new Verdict(Category.NO_COMMON_CIPHER, null,
                (local ? "This JVM found no cipher suite in common with " + e.peerLabel()
                        : e.peerLabel() + " rejected this JVM's hello before sending a certificate (alert "
                        + e.alert() + "): no acceptable cipher suite or key exchange")
                        + (enabled >= 0 ? " (" + enabled + " suites enabled here)." : "."),
                Arrays.asList(
                        "On " + e.peerLabel() + ": enable current TLS 1.2/1.3 cipher suites (ECDHE with AES-GCM "
                                + "or ChaCha20-Poly1305) and key exchange groups (x25519, secp256r1).",
                        "Do not re-enable weak suites on this JVM (jdk.tls.disabledAlgorithms) to match an "
                                + "outdated server."))
                .with("enabledCipherSuites", e.failure().enabledCipherSuites == null ? null
                        : Arrays.asList(e.failure().enabledCipherSuites))
                .with("alert", e.alert())
                .with("alertDirection", e.alert() == null ? null : e.alertReceived() ? "received" : "sent")
                .with("disabledByThisJvm", DisabledAlgorithms.entries(DisabledAlgorithms.TLS))
                .with("refusedBy", local ? "this JVM" : "peer");
    }
}
