package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.handshake.HandshakeFailure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * What makes two failures "the same": this JVM's role, the peer, how it was detected, the alert, the exception and
 * the whole chain presented. Equal signatures always get the same diagnosis, so repeats can be counted on the
 * application's thread without diagnosing them again.
 *
 * <p>The peer is the host and port the client asked for; on the server side it is the client's address alone, since a
 * client's ephemeral port changes with every connection and would make each retry of one client a new incident.
 *
 * <p>Only a 128-bit digest of those facts is kept: tens of thousands of tracked failures (a storm from many client
 * addresses) then cost a few megabytes, and no certificate, exception or string of the application is held.
 */
final class FailureSignature {

    private static final ThreadLocal<MessageDigest> SHA256 = new ThreadLocal<MessageDigest>() {
        @Override
        protected MessageDigest initialValue() {
            // The JDK's own provider where there is one: a provider an application installed first may come from a
            // web application's class loader, which a digest kept on a pool thread would then pin.
            try {
                return MessageDigest.getInstance("SHA-256", "SUN");
            } catch (Exception notThisJdk) {
                try {
                    return MessageDigest.getInstance("SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every Java platform has SHA-256", e);
                }
            }
        }
    };

    private final long high;
    private final long low;

    private FailureSignature(long high, long low) {
        this.high = high;
        this.low = low;
    }

    static FailureSignature of(HandshakeFailure f) {
        MessageDigest md = SHA256.get();
        md.reset();
        boolean server = "server".equals(f.role);
        add(md, f.role);
        if (server) {
            add(md, f.peerAddress != null ? f.peerAddress : f.peerHost);
        } else {
            add(md, f.peerHost);
            add(md, String.valueOf(f.peerPort));
        }
        add(md, f.source == null ? null : f.source.name());
        add(md, f.alert);
        add(md, String.valueOf(f.alertReceived));
        add(md, String.valueOf(f.closedBeforeClientHello)); // the diagnosis differs (ConnectionClosedRule)
        Throwable e = f.exception;
        add(md, e == null ? null : e.getClass().getName());
        add(md, e == null ? null : e.getMessage());
        add(md, String.valueOf(f.findingIndex));
        add(md, f.acceptingClass);
        for (X509Certificate c : f.chain) {
            try {
                md.update(c.getEncoded());
            } catch (CertificateEncodingException unencodable) {
                add(md, c.getSubjectX500Principal().getName() + "#" + c.getSerialNumber());
            }
            md.update((byte) 0);
        }
        byte[] d = md.digest();
        return new FailureSignature(longAt(d, 0), longAt(d, 8));
    }

    private static void add(MessageDigest md, String part) {
        if (part != null) {
            md.update(part.getBytes(StandardCharsets.UTF_8));
        }
        md.update((byte) (part == null ? 1 : 0)); // a separator that also tells null from ""
    }

    private static long longAt(byte[] b, int offset) {
        long v = 0;
        for (int i = offset; i < offset + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FailureSignature && high == ((FailureSignature) o).high
                && low == ((FailureSignature) o).low;
    }

    @Override
    public int hashCode() {
        return (int) (low ^ (low >>> 32));
    }
}
