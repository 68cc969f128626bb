package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Counterfactual;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Interceptors;
import io.tlsdiag.agent.diagnosis.OtherTrustSources;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rejected chain was issued by a CA that names a known TLS interception product (a corporate proxy, a security
 * suite, a debugging proxy), whoever trusts it: the fix is that product's root in the right trust store, or an
 * investigation, never the server. Comes before INCOMPLETE_CHAIN: such products often sign leaves directly with
 * their root and send the leaf alone, which is no forgotten intermediate.
 */
public final class TlsInspectionRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.chainTrustFailure()) {
            return null;
        }
        Interceptors.Match match = Interceptors.inChain(e.chain());
        if (match == null) {
            return null;
        }
        int last = e.chain().length - 1;
        X509Certificate top = e.chain()[last];
        Counterfactual c = e.counterfactual();
        Counterfactual.Result os = c.result(OtherTrustSources.OS);
        Counterfactual.Result trusting = c.firstTrusting();
        String alias = TrustSourcesEvidence.alias(match.caName);
        String summary = "The certificate " + e.peerLabel() + " presented was issued by " + match.caName
                + ", a CA of the TLS interception product " + match.product + ": something between this JVM and "
                + e.peerLabel() + " re-signs the connection, and " + TrustSourcesEvidence.storeInUse(e)
                + " does not trust that CA."
                + (trusting == null ? "" : " " + Certs.capitalised(TrustSourcesEvidence.label(trusting.source))
                + " does.");
        List<String> fix = new ArrayList<String>();
        fix.add("If your organisation runs " + match.product + ": get its root CA certificate from IT, check its "
                + "SHA-256 fingerprint with IT out of band (not from this connection)"
                + (trusting == null ? "" : " (" + TrustSourcesEvidence.label(trusting.source) + " holds "
                + Certs.subject(trusting.anchor) + " with SHA-256 " + Certs.sha256(trusting.anchor) + ")")
                + ", save it as " + alias + ".pem and import it into the trust store this JVM uses: "
                + PathEvidence.importCommand(e, alias));
        fix.add("Or let Java use the operating system's trust store, where IT installs that root: "
                + "-Djavax.net.ssl.trustStoreType=Windows-ROOT on Windows, -Djavax.net.ssl.trustStoreType=KeychainStore "
                + "on macOS" + (os == null || !os.trusts() ? "" : "; on Linux, import the root from " + os.source.location
                + " as above") + ".");
        fix.add("If your organisation runs no " + match.product + ", treat this as an attack: someone intercepts this "
                + "connection. Import nothing, and report it to your security team.");
        fix.add("Do not disable certificate validation (no trust-all trust manager); it would accept any certificate, "
                + "the interceptor's and an attacker's alike.");
        Verdict v = new Verdict(Category.TLS_INSPECTION, last, summary, fix)
                .with("interceptor", match.product)
                .with("interceptorCa", match.caName);
        PathEvidence.addTo(v, e, last);
        return TrustSourcesEvidence.addTo(v, e);
    }
}
