package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.hook.HandshakeFailure;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * What makes two failures "the same": peer, role, how it was detected, the alert, the exception, and the chain
 * presented. Equal signatures always get the same diagnosis, so repeats can be counted on the application's
 * thread without diagnosing them again.
 */
final class FailureSignature {

    private final Object[] parts;
    private final int hash;

    private FailureSignature(Object[] parts) {
        this.parts = parts;
        this.hash = Arrays.hashCode(parts);
    }

    static FailureSignature of(HandshakeFailure f) {
        X509Certificate leaf = f.chain.length == 0 ? null : f.chain[0];
        Throwable e = f.exception;
        return new FailureSignature(new Object[] {f.peerHost, f.peerPort, f.role, f.source, f.alert,
                f.alertReceived, e == null ? null : e.getClass().getName(), e == null ? null : e.getMessage(), leaf,
                f.chain.length, f.findingIndex, f.acceptingClass});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FailureSignature && hash == ((FailureSignature) o).hash
                && Arrays.equals(parts, ((FailureSignature) o).parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
