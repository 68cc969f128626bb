package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.Arrays;

/** The JDK trust manager had nothing to trust: an empty, missing or unreadable trust store. */
public final class TrustStoreProblemRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        boolean emptyAnchors = e.rejectedByJdkTrustManager() && e.anchorsKnown() && e.anchors().length == 0;
        if (!emptyAnchors && !e.mentions("trustanchors parameter must be non-empty")) {
            return null;
        }
        return new Verdict(Category.TRUSTSTORE_PROBLEM, null,
                "The trust store this JVM used for " + e.peerLabel() + " holds no trusted certificates, so no "
                        + "server can be trusted.",
                Arrays.asList(
                        "On the client: point javax.net.ssl.trustStore at a real trust store (or remove the "
                                + "property to use the JDK's cacerts), and check its path, type and password.",
                        "Check that the JDK's lib/security/cacerts is present and readable (some minimal images "
                                + "ship without it; install the ca-certificates package)."));
    }
}
