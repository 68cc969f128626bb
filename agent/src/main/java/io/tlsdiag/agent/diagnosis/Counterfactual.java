package io.tlsdiag.agent.diagnosis;

import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which other trust sources would have accepted a chain the store in use rejected: the presented chain is PKIX-built
 * (the JDK's CertPathBuilder, with its algorithm constraints, at the incident's time, revocation off: the JDK's
 * default for TLS) against each source. A source holding exactly the anchors in use is that store, not another one,
 * and is left out. Runs on the writer thread only.
 */
public final class Counterfactual {

    /** What one source said. */
    public static final class Result {
        public final OtherTrustSources.Source source;
        /** The root this source would have anchored the chain at; null when it does not trust the chain. */
        public final X509Certificate anchor;

        Result(OtherTrustSources.Source source, X509Certificate anchor) {
            this.source = source;
            this.anchor = anchor;
        }

        public boolean trusts() {
            return anchor != null;
        }
    }

    private final List<Result> results;
    /** The source that holds exactly the anchors in use (it is the store in use), or null. */
    private final OtherTrustSources.Source inUse;

    private Counterfactual(List<Result> results, OtherTrustSources.Source inUse) {
        this.results = Collections.unmodifiableList(results);
        this.inUse = inUse;
    }

    static final Counterfactual NONE = new Counterfactual(new ArrayList<Result>(), null);

    /** Checks {@code chain} against every source that is not the store in use ({@code anchorsInUse}). */
    public static Counterfactual check(OtherTrustSources sources, X509Certificate[] chain,
                                       X509Certificate[] anchorsInUse, Date at) {
        if (sources == null || chain == null || chain.length == 0
                || "true".equalsIgnoreCase(System.getProperty("com.sun.security.enableAIAcaIssuers"))) {
            // With AIA fetching on, the JDK's path builder would download missing issuers from URLs the peer's
            // certificates name: never the network, so no comparison.
            return NONE;
        }
        List<Result> out = new ArrayList<Result>();
        OtherTrustSources.Source inUse = null;
        for (OtherTrustSources.Source s : sources.sources()) {
            if (s.sameAs(anchorsInUse)) {
                inUse = s;
                continue;
            }
            X509Certificate anchor = anchorFor(s, chain, at);
            // An anchor the store in use holds as well: that store failed the chain for another reason (a TLS
            // constraint the generic PKIX build does not check), so this source's "yes" says nothing.
            out.add(new Result(s, anchor != null && contains(anchorsInUse, anchor) ? null : anchor));
        }
        return new Counterfactual(out, inUse);
    }

    private static boolean contains(X509Certificate[] anchors, X509Certificate anchor) {
        if (anchors != null) {
            for (X509Certificate a : anchors) {
                if (anchor.equals(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The trust anchor of a PKIX path from the chain's first certificate into the source, or null. */
    static X509Certificate anchorFor(OtherTrustSources.Source source, X509Certificate[] chain, Date at) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain[0]);
            PKIXBuilderParameters params = new PKIXBuilderParameters(source.anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(at);
            params.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(Arrays.asList(chain))));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            return r.getTrustAnchor().getTrustedCert();
        } catch (Exception notTrusted) {
            return null;
        }
    }

    /** The source whose anchors are exactly those in use (then it is the store in use), or null. */
    public OtherTrustSources.Source inUse() {
        return inUse;
    }

    /** The sources compared (in order: jdk-default, os). */
    public List<Result> results() {
        return results;
    }

    /** The names of the sources that would have accepted the chain: {@code diagnosis.alsoTrustedBy}. */
    public List<String> alsoTrustedBy() {
        List<String> names = new ArrayList<String>();
        for (Result r : results) {
            if (r.trusts()) {
                names.add(r.source.name);
            }
        }
        return names;
    }

    public Result result(String name) {
        for (Result r : results) {
            if (r.source.name.equals(name)) {
                return r;
            }
        }
        return null;
    }

    public boolean trustedBy(String name) {
        Result r = result(name);
        return r != null && r.trusts();
    }

    /** The first accepting source's root: the one the store in use lacks. */
    public Result firstTrusting() {
        for (Result r : results) {
            if (r.trusts()) {
                return r;
            }
        }
        return null;
    }

    /** A self-signed root of a compared source that issued {@code cert}, or null (the INCOMPLETE_CHAIN test). */
    public X509Certificate rootElsewhereThatIssued(X509Certificate cert) {
        for (Result r : results) {
            X509Certificate root = r.source.rootThatIssued(cert);
            if (root != null) {
                return root;
            }
        }
        return null;
    }

    /** {@code diagnosis.trustSources}: each source compared, where it was read, its size, and its verdict. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<Map<String, Object>>();
        for (Result r : results) {
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("name", r.source.name);
            m.put("location", r.source.location);
            m.put("anchors", r.source.certificates.size());
            m.put("trusts", r.trusts());
            if (r.trusts()) {
                m.put("anchor", Certs.subject(r.anchor));
                m.put("anchorSha256", Certs.sha256(r.anchor));
            }
            out.add(m);
        }
        return out;
    }
}
