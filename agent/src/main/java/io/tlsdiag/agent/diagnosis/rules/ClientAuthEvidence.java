package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.ClientAuthRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/** Evidence about client authentication: was a key store configured at all, what was asked, what was sent. */
final class ClientAuthEvidence {

    private ClientAuthEvidence() {
    }

    static Verdict addTo(Verdict v, Evidence e) {
        ClientAuthRecord auth = e.failure().clientAuth;
        String keyStore = System.getProperty("javax.net.ssl.keyStore");
        v.with("certificateRequested", auth != null || "certificate_required".equals(e.alert()))
                .with("keyManager", auth == null ? null : auth.keyManager)
                .with("keyStoreProperty", keyStore)
                .with("keyStoreConfigured", keyStore != null || (auth != null && !auth.keyManager.contains("Dummy")))
                .with("sentAlias", auth == null ? null : auth.alias);
        if (auth != null && auth.sentSubject != null) {
            Map<String, Object> sent = new LinkedHashMap<String, Object>();
            sent.put("subject", auth.sentSubject);
            sent.put("sha256", auth.sentSha256);
            v.with("sentCertificate", sent);
        } else {
            v.with("sentCertificate", null);
        }
        v.with("acceptedIssuers", ClientKeys.acceptedIssuers(auth))
                .with("clientKeys", ClientKeys.list(auth, e.validationTime()));
        return v.with("alert", e.alert())
                .with("alertDirection", e.alert() == null ? null : e.alertReceived() ? "received" : "sent");
    }
}
