package io.tlsdiag.agent.diagnosis.rules;

import io.tlsdiag.agent.diagnosis.Category;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Rule;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;

/**
 * The peer stopped answering during the handshake: the read timed out, the library running an engine gave up on it, or
 * the engine stayed mid-handshake with nothing closing it (the agent's watch, {@code stalledForSeconds}).
 */
public final class HandshakeTimeoutRule implements Rule {

    @Override
    public Verdict apply(Evidence e) {
        boolean abandoned = e.isSource(HandshakeFailure.Source.ENGINE_ABANDONED);
        if (!abandoned && !e.isSource(HandshakeFailure.Source.HANDSHAKE_TIMEOUT)
                && e.cause(SocketTimeoutException.class) == null) {
            return null;
        }
        long stalled = e.failure().stalledMillis;
        if (stalled > 0) {
            return new Verdict(Category.HANDSHAKE_TIMEOUT, null, e.peerLabel() + " accepted the connection but the TLS"
                    + " handshake has not completed for " + stalled / 1000 + " s, and nothing closed the engine: the"
                    + " application gave up and dropped it, or the library running it waits longer than that, or for"
                    + " ever (no handshake timeout).",
                    remediation(e)).with("stalledForSeconds", stalled / 1000);
        }
        return new Verdict(Category.HANDSHAKE_TIMEOUT, null, abandoned
                ? e.peerLabel() + " accepted the connection but the TLS handshake did not complete: the "
                        + "library running it stopped it and abandoned the engine mid-handshake (its handshake or "
                        + "connect timeout, a deadline, or the application cancelling the call)."
                : e.peerLabel() + " accepted the connection but did not complete the TLS handshake before the read "
                        + "timeout.",
                remediation(e));
    }

    private static List<String> remediation(Evidence e) {
        return Arrays.asList(
                "On " + e.peerLabel() + ": check that it speaks TLS on this port and is not overloaded "
                        + "(a full accept queue or a stuck TLS terminator looks like this).",
                "On the client: check for a proxy or firewall that accepts connections but forwards "
                        + "nothing; raise the read timeout only if the server is known to be slow.");
    }
}
