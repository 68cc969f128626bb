package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.DisabledAlgorithms;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.Arrays;

/**
 * The two sides have no TLS version in common: a protocol_version alert (received, or sent by this JVM), or JSSE's
 * own negotiation verdict, which only its message states when JSSE refused without that alert (a client whose
 * enabled protocols are all disabled: "No appropriate protocol", an SSLHandshakeException like many others).
 */
public final class ProtocolVersionRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        boolean versionAlert = "protocol_version".equals(e.alert());
        boolean localVerdict = e.mentions("no appropriate protocol", "not accepted by server preferences",
                "not accepted by client preferences", "is not enabled or supported in server context",
                "client requested protocol");
        if (!versionAlert && !localVerdict) {
            return null;
        }
        String enabled = e.failure().enabledProtocols == null ? "unknown"
                : Arrays.toString(e.failure().enabledProtocols);
        String who = e.alertReceived() ? e.peerLabel() + " refused every TLS version this JVM offered"
                : "this JVM refused the TLS version " + e.peerLabel() + " offered (" + DisabledAlgorithms.TLS
                + " here disables " + DisabledAlgorithms.disabledProtocols() + ")";
        return new Verdict(Category.PROTOCOL_VERSION_MISMATCH, null,
                "No common TLS version: " + who + " (enabled here: " + enabled + ").",
                Arrays.asList(
                        "On " + e.peerLabel() + ": enable TLS 1.2 and TLS 1.3; versions before TLS 1.2 are "
                                + "disabled in current JDKs (jdk.tls.disabledAlgorithms) for good reason.",
                        "Do not re-enable TLSv1 or TLSv1.1 on this JVM except as a documented, temporary "
                                + "exception for a peer that cannot be upgraded."))
                .with("enabledProtocols", e.failure().enabledProtocols == null ? null
                        : Arrays.asList(e.failure().enabledProtocols))
                .with("alert", e.alert())
                .with("alertDirection", e.alert() == null ? null : e.alertReceived() ? "received" : "sent")
                .with("disabledByThisJvm", DisabledAlgorithms.disabledProtocols())
                .with("disabledByProperty", DisabledAlgorithms.TLS)
                .with("refusedBy", e.alertReceived() ? "peer" : "this JVM");
    }
}
