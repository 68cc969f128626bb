package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.ClientAuthRecord;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.util.Arrays;

/**
 * The server requires a client certificate and none was sent. As client: the server asked (our key manager was
 * consulted), it had no certificate, and the server aborted or dropped the connection; or a TLS 1.3
 * certificate_required alert. As server: the client sent an empty certificate chain, which TLS 1.3 answers with a
 * certificate_required alert; TLS 1.2 has no alert of its own for it (JSSE sends bad_certificate, as for a refused
 * certificate), so there JSSE's message is the evidence, as BoringSSL's is for a netty-tcnative server.
 */
public final class ClientCertRequiredRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if ("server".equals(e.role())) {
            return asServer(e);
        }
        ClientAuthRecord auth = e.failure().clientAuth;
        // Asked, sent nothing, and then the server either said why (an alert about certificates) or just
        // dropped the connection (TLS 1.3 servers often do; the client's next write fails first).
        boolean askedAndNoneSent = auth != null && auth.alias == null
                && (!e.alertReceived() || "handshake_failure".equals(e.alert()) || "bad_certificate".equals(e.alert()));
        if (!askedAndNoneSent && !(e.alertReceived() && "certificate_required".equals(e.alert()))
                && !refusedWithoutKeyManager(e)) {
            return null;
        }
        String keyManager = auth == null ? "this JVM's key manager" : auth.keyManager;
        return ClientAuthEvidence.addTo(new Verdict(Category.CLIENT_CERT_REQUIRED, null,
                e.peerLabel() + " requires a client certificate and this JVM sent none ("
                        + keyManager + " had no suitable key)." + ClientKeys.sentence(auth, e.validationTime()),
                Arrays.asList(
                        "On the client: configure a keystore with a certificate the server accepts "
                                + "(javax.net.ssl.keyStore / keyStorePassword, or a KeyManager in the SSLContext).",
                        "On " + e.peerLabel() + ": if this client should not need a certificate, make client "
                                + "authentication optional for it.")), e);
    }

    /**
     * An engine outside JSSE (BoringSSL through netty-tcnative) consults a key manager only when one is configured,
     * which records the request; with none, a bad_certificate from a server whose chain this JVM had accepted can only
     * be about the certificate this JVM did not send.
     */
    private static boolean refusedWithoutKeyManager(Evidence e) {
        io.tlsdiag.agent.handshake.TrustCheck check = e.failure().trustCheck;
        return e.failure().clientAuth == null && e.isSource(HandshakeFailure.Source.ENGINE_EXCEPTION)
                && e.alertReceived() && "bad_certificate".equals(e.alert())
                && check != null && check.rejecting() == null;
    }

    private static Verdict asServer(Evidence e) {
        boolean emptyChain = !e.hasChain() && (e.alertSent()
                && ("certificate_required".equals(e.alert()) || e.mentions("empty client certificate chain",
                "empty certificate chain", "client did not send a certificate"))
                // BoringSSL through netty-tcnative says it in its error text
                || e.isSource(HandshakeFailure.Source.ENGINE_EXCEPTION)
                && e.mentions("PEER_DID_NOT_RETURN_A_CERTIFICATE"));
        if (!emptyChain) {
            return null;
        }
        return ClientAuthEvidence.addTo(new Verdict(Category.CLIENT_CERT_REQUIRED, null,
                "The client " + e.peerLabel() + " sent no certificate, but this server requires one.",
                Arrays.asList(
                        "On the client " + e.peerLabel() + ": configure it with a client certificate issued by a CA "
                                + "this server trusts.",
                        "On this server: if this client need not authenticate, make client authentication "
                                + "optional (setWantClientAuth instead of setNeedClientAuth; Netty's and gRPC's "
                                + "ClientAuth.OPTIONAL).")), e);
    }
}
