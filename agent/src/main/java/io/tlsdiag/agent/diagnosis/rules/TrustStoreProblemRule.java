package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;

/**
 * The JDK trust manager had nothing to trust: an empty, missing or unreadable trust store. Either the deciding JDK
 * trust manager's anchors were read and there are none, or (when its call was not seen) the PKIX validator refused to
 * start: {@code InvalidAlgorithmParameterException} from {@code PKIXParameters}, whose message names the empty set
 * (the type alone is not enough: a cipher's parameters throw it too).
 */
public final class TrustStoreProblemRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        boolean emptyAnchors = e.rejectedByJdkTrustManager() && e.anchorsKnown() && e.anchors().length == 0;
        boolean noAnchorsForPkix = e.cause(InvalidAlgorithmParameterException.class) != null
                && e.mentions("trustanchors parameter must be non-empty");
        if (!emptyAnchors && !noAnchorsForPkix) {
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
