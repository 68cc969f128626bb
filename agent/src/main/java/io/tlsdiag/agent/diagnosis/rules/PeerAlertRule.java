package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;

import java.util.Arrays;

/** The peer ended the handshake with a fatal alert that no more specific rule explains. */
public final class PeerAlertRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        if (!e.alertReceived()) {
            return null;
        }
        return new Verdict(Category.PEER_ALERT, null,
                e.peerLabel() + " aborted the handshake with the fatal alert '" + e.alert() + "'.",
                Arrays.asList(
                        "On " + e.peerLabel() + ": its TLS log says why it sent '" + e.alert() + "' at this time; "
                                + "the alert names its complaint about what this JVM sent.",
                        "On the client: compare this JVM's enabled protocols, cipher suites and client "
                                + "certificate with what the server requires."));
    }
}
