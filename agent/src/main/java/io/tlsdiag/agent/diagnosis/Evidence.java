package io.tlsdiag.agent.diagnosis;

import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.TrustCheck;

import java.security.cert.CertPath;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything a rule may look at, derived once from a {@link HandshakeFailure}: the chain, the trust anchors, every
 * exception in the cause chain (the application's exception and the trust manager's, de-duplicated), and the time
 * the JDK validated at.
 */
public final class Evidence {

    private final HandshakeFailure failure;
    private final List<Throwable> causes;
    private final Date validationTime;

    public Evidence(HandshakeFailure failure) {
        this.failure = failure;
        this.validationTime = new Date(failure.timeMillis);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
        List<Throwable> all = new ArrayList<Throwable>();
        collect(failure.exception, all, seen);
        TrustCheck.Call rejecting = failure.trustCheck == null ? null : failure.trustCheck.rejecting();
        if (rejecting != null) {
            collect(rejecting.thrown, all, seen);
        }
        this.causes = Collections.unmodifiableList(all);
    }

    private static void collect(Throwable t, List<Throwable> into, Set<Throwable> seen) {
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            into.add(c);
        }
    }

    public HandshakeFailure failure() {
        return failure;
    }

    public X509Certificate[] chain() {
        return failure.chain;
    }

    public boolean hasChain() {
        return failure.chain.length > 0;
    }

    public X509Certificate[] anchors() {
        return failure.anchors == null ? new X509Certificate[0] : failure.anchors;
    }

    /** Whether the deciding trust manager's anchors were read (an empty array then means really none). */
    public boolean anchorsKnown() {
        return failure.anchors != null;
    }

    public Date validationTime() {
        return validationTime;
    }

    public String role() {
        return failure.role == null ? "client" : failure.role;
    }

    /** "server" when this JVM is the client (it validates the server), "client" otherwise. */
    public String peerRole() {
        return "server".equals(role()) ? "client" : "server";
    }

    public String alert() {
        return failure.alert;
    }

    public boolean alertReceived() {
        return failure.alert != null && failure.alertReceived;
    }

    public boolean alertSent() {
        return failure.alert != null && !failure.alertReceived;
    }

    public boolean isSource(HandshakeFailure.Source source) {
        return failure.source == source;
    }

    public List<Throwable> causes() {
        return causes;
    }

    /**
     * The connection ended under this JVM: an end of stream or a socket error under the exception, the hook that saw
     * the peer close (HttpClient's end-of-stream detection, an engine's inbound side closed first), or JSSE's words
     * for it on an engine.
     */
    public boolean connectionEnded() {
        return cause(java.io.EOFException.class) != null || cause(java.net.SocketException.class) != null
                || isSource(HandshakeFailure.Source.PEER_CLOSED)
                || mentions("remote host terminated the handshake", "remote host closed the channel");
    }

    public <T extends Throwable> T cause(Class<T> type) {
        for (Throwable t : causes) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * Whether any exception message (or JSSE's diagnostic) contains one of the fragments, case-insensitively. The
     * last resort of a rule, for what the JDK states nowhere else (no exception type, reason code or alert of its
     * own): JSSE's and the PKIX validator's messages are fixed English text, not translated, in every locale.
     */
    public boolean mentions(String... fragments) {
        List<String> texts = new ArrayList<String>();
        if (failure.diagnostic != null) {
            texts.add(failure.diagnostic.toLowerCase(Locale.ROOT));
        }
        for (Throwable t : causes) {
            if (t.getMessage() != null) {
                texts.add(t.getMessage().toLowerCase(Locale.ROOT));
            }
        }
        for (String text : texts) {
            for (String fragment : fragments) {
                if (text.contains(fragment.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A trust manager threw for this handshake. */
    public boolean trustRejected() {
        return failure.trustCheck != null && failure.trustCheck.rejected();
    }

    /** The class of the innermost trust manager that threw, or null. */
    public String rejectingTrustManager() {
        return trustRejected() ? failure.trustCheck.rejecting().className : null;
    }

    public boolean rejectedByJdkTrustManager() {
        return trustRejected() && failure.trustCheck.rejectedByJdk();
    }

    /** The PKIX validator's reason, when the JDK validated a path and said why it failed. */
    public CertPathValidatorException.Reason pathReason() {
        CertPathValidatorException e = cause(CertPathValidatorException.class);
        return e == null ? null : e.getReason();
    }

    /**
     * The chain index of the certificate the PKIX validator blamed: its index refers to its own CertPath (which may
     * lack certificates of the presented chain), so the certificate is looked up in the chain.
     */
    public Integer pathFailureIndex() {
        CertPathValidatorException e = cause(CertPathValidatorException.class);
        if (e == null || e.getIndex() < 0 || e.getCertPath() == null) {
            return null;
        }
        CertPath path = e.getCertPath();
        List<? extends Certificate> certs = path.getCertificates();
        if (e.getIndex() >= certs.size()) {
            return null;
        }
        return indexInChain(certs.get(e.getIndex()));
    }

    public Integer indexInChain(Certificate cert) {
        X509Certificate[] chain = chain();
        for (int i = 0; i < chain.length; i++) {
            if (chain[i].equals(cert)) {
                return i;
            }
        }
        return null;
    }

    /** Path building found no route to a trust anchor (rather than finding a path that then failed a check). */
    public boolean noPathToAnchor() {
        return cause(CertPathBuilderException.class) != null
                || pathReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR
                || mentions("unable to find valid certification path", "no trusted certificate found");
    }

    /** Whether any trust anchor has this subject (a trust anchor that could have issued a certificate). */
    public boolean anchorWithSubject(javax.security.auth.x500.X500Principal subject) {
        for (X509Certificate anchor : anchors()) {
            if (anchor.getSubjectX500Principal().equals(subject)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a trust anchor really issued {@code cert}: the issuer's name and a signature its key verifies. */
    public boolean anchorIssued(X509Certificate cert) {
        for (X509Certificate anchor : anchors()) {
            if (anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(anchor.getPublicKey());
                    return true;
                } catch (Exception otherKey) {
                    // same name, another key: keep looking
                }
            }
        }
        return false;
    }

    public boolean isAnchor(X509Certificate cert) {
        for (X509Certificate anchor : anchors()) {
            if (anchor.equals(cert)) {
                return true;
            }
        }
        return false;
    }

    private int expiryWarningDays = 30;
    private volatile Throwable defaultTrustRejection;
    private volatile boolean defaultTrustChecked;

    public void expiryWarningDays(int days) {
        this.expiryWarningDays = days;
    }

    public int expiryWarningDays() {
        return expiryWarningDays;
    }

    /**
     * What this JVM's default trust manager (the default trust store) says of the chain: null when it trusts it.
     * Runs the JDK's validator, so only ever called on the writer thread, for findings.
     */
    public Throwable defaultTrustRejection() {
        if (!defaultTrustChecked) {
            defaultTrustChecked = true;
            try {
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((java.security.KeyStore) null);
                for (javax.net.ssl.TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof javax.net.ssl.X509TrustManager) {
                        String auth = failure.trustCheck == null ? "UNKNOWN" : failure.trustCheck.authType;
                        ((javax.net.ssl.X509TrustManager) tm).checkServerTrusted(chain(), auth);
                    }
                }
            } catch (Exception rejected) {
                defaultTrustRejection = rejected;
            }
        }
        return defaultTrustRejection;
    }

    private String trustStorePath;
    private String trustStoreType;

    /** The trust store file the deciding trust manager was built from, when that is known (see TrustSource). */
    public void trustStore(String path, String type) {
        this.trustStorePath = path;
        this.trustStoreType = type;
    }

    /** The trust store in use, for commands: its path, or a placeholder the reader fills in. */
    public String trustStoreForCommands() {
        return trustStorePath == null ? "<the trust store this JVM uses>" : trustStorePath;
    }

    public String trustStoreTypeForCommands() {
        return trustStoreType == null ? "PKCS12" : trustStoreType.toUpperCase(java.util.Locale.ROOT);
    }

    private OtherTrustSources otherTrustSources;
    private Counterfactual counterfactual;

    /** The machine's other trust sources, to compare a rejected chain against (set by the writer; null: none). */
    public void otherTrustSources(OtherTrustSources sources) {
        this.otherTrustSources = sources;
    }

    /**
     * A trust manager rejected the chain because no path reached one of its anchors (or the anchor of the issuer's
     * name did not verify the signature): the failures where another trust source could have answered otherwise.
     */
    public boolean chainTrustFailure() {
        return trustRejected() && hasChain() && (noPathToAnchor()
                || pathReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE);
    }

    /**
     * Which other trust sources accept the chain; computed at the first call (writer thread), for chain-trust
     * failures only, and empty otherwise.
     */
    public Counterfactual counterfactual() {
        if (counterfactual == null) {
            counterfactual = chainTrustFailure()
                    ? Counterfactual.check(otherTrustSources, chain(), failure.anchors, validationTime)
                    : Counterfactual.NONE;
        }
        return counterfactual;
    }

    public String peerHost() {
        return failure.peerHost;
    }

    public String peerLabel() {
        String host = failure.peerHost == null ? "the peer" : failure.peerHost;
        return failure.peerPort > 0 ? host + ":" + failure.peerPort : host;
    }
}
