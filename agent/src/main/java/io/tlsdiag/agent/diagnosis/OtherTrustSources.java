package io.tlsdiag.agent.diagnosis;

import io.tlsdiag.agent.util.AgentLog;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine's trust sources other than the one a failed handshake used: this JVM's own default store
 * ({@code jdk-default}: {@code $JAVA_HOME/lib/security/jssecacerts}, else {@code cacerts}) and the operating system's
 * ({@code os}: the Linux distribution bundle, {@code Windows-ROOT}, {@code KeychainStore}, or what the
 * {@code osTrustStore} option names). Read from local files only, never the network; loaded once, lazily, on the
 * writer thread at the first chain-trust failure, and kept for the life of the JVM (a few hundred certificates:
 * roughly 0.5 MB with both sources).
 */
public final class OtherTrustSources {

    public static final String JDK_DEFAULT = "jdk-default";
    public static final String OS = "os";
    /** The {@code osTrustStore} value that switches the OS source off. */
    public static final String NONE = "none";

    /** The Linux distribution bundles, most common first (Debian/Ubuntu/Alpine, Fedora/RHEL, openSUSE, others). */
    static final List<String> LINUX_BUNDLES = Collections.unmodifiableList(Arrays.asList(
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt",
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
            "/etc/ssl/ca-bundle.pem",
            "/etc/ssl/cert.pem",
            "/etc/pki/tls/cacert.pem"));

    /** One trust source: its name, where it was read from, and its anchors. */
    public static final class Source {
        public final String name;
        public final String location;
        public final List<X509Certificate> certificates;
        final Set<TrustAnchor> anchors;
        final Set<String> fingerprints;

        Source(String name, String location, List<X509Certificate> certificates) {
            this.name = name;
            this.location = location;
            this.certificates = Collections.unmodifiableList(certificates);
            Set<TrustAnchor> a = new LinkedHashSet<TrustAnchor>();
            Set<String> prints = new HashSet<String>();
            for (X509Certificate c : certificates) {
                a.add(new TrustAnchor(c, null));
                prints.add(Certs.sha256(c));
            }
            this.anchors = Collections.unmodifiableSet(a);
            this.fingerprints = Collections.unmodifiableSet(prints);
        }

        /** Whether this source holds exactly these certificates (then it is the store in use, not another one). */
        public boolean sameAs(X509Certificate[] certs) {
            if (certs == null || certs.length == 0) {
                return false;
            }
            Set<String> prints = new HashSet<String>();
            for (X509Certificate c : certs) {
                prints.add(Certs.sha256(c));
            }
            return prints.equals(fingerprints);
        }

        /** A self-signed root of this source that issued {@code cert} (name and a signature its key verifies). */
        public X509Certificate rootThatIssued(X509Certificate cert) {
            for (X509Certificate root : certificates) {
                if (root.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && Certs.isSelfSigned(root)) {
                    try {
                        cert.verify(root.getPublicKey());
                        return root;
                    } catch (Exception otherKey) {
                        // same name, another key
                    }
                }
            }
            return null;
        }
    }

    private static final Map<String, OtherTrustSources> CACHE = new ConcurrentHashMap<String, OtherTrustSources>();

    private final String javaHome;
    private final String osTrustStore;
    private final String osName;
    private volatile List<Source> loaded;

    OtherTrustSources(String javaHome, String osTrustStore, String osName) {
        this.javaHome = javaHome;
        this.osTrustStore = osTrustStore == null ? "" : osTrustStore.trim();
        this.osName = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    }

    /**
     * The sources for this JVM and an {@code osTrustStore} option value ("" detects, {@code none} switches the OS
     * source off): one instance per value for the life of the JVM, so a re-attach does not read the files again.
     */
    public static OtherTrustSources forOption(String osTrustStore) {
        String key = osTrustStore == null ? "" : osTrustStore.trim();
        OtherTrustSources s = CACHE.get(key);
        if (s == null) {
            s = new OtherTrustSources(System.getProperty("java.home"), key, System.getProperty("os.name"));
            OtherTrustSources raced = ((ConcurrentHashMap<String, OtherTrustSources>) CACHE).putIfAbsent(key, s);
            if (raced != null) {
                s = raced;
            }
        }
        return s;
    }

    /** The sources, read at the first call (writer thread); a source that cannot be read is left out. */
    public List<Source> sources() {
        List<Source> s = loaded;
        if (s == null) {
            synchronized (this) {
                s = loaded;
                if (s == null) {
                    s = load();
                    loaded = s;
                }
            }
        }
        return s;
    }

    private List<Source> load() {
        List<Source> out = new ArrayList<Source>(2);
        Source jdk = jdkDefault();
        if (jdk != null) {
            out.add(jdk);
        }
        Source os = os();
        if (os != null) {
            out.add(jdk == null ? os : shared(os, jdk));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * {@code os} holding {@code jdk}'s instances of the certificates both have: the two stores mostly hold the same
     * public roots, and a parsed certificate is a few KiB, so each is kept once.
     */
    private static Source shared(Source os, Source jdk) {
        Map<String, X509Certificate> byPrint = new HashMap<String, X509Certificate>();
        for (X509Certificate c : jdk.certificates) {
            byPrint.put(Certs.sha256(c), c);
        }
        List<X509Certificate> certs = new ArrayList<X509Certificate>(os.certificates.size());
        for (X509Certificate c : os.certificates) {
            X509Certificate same = byPrint.get(Certs.sha256(c));
            certs.add(same != null ? same : c);
        }
        return new Source(os.name, os.location, certs);
    }

    /** {@code $JAVA_HOME/lib/security/jssecacerts}, else {@code cacerts}: what the JDK loads with no trustStore set. */
    Source jdkDefault() {
        if (javaHome == null) {
            return null;
        }
        File security = new File(javaHome, "lib" + File.separator + "security");
        File jsse = new File(security, "jssecacerts");
        File file = jsse.isFile() ? jsse : new File(security, "cacerts");
        List<X509Certificate> certs = keyStoreFile(file, null);
        return certs == null ? null : new Source(JDK_DEFAULT, file.getAbsolutePath(), certs);
    }

    Source os() {
        if (osTrustStore.equalsIgnoreCase(NONE)) {
            return null;
        }
        if (!osTrustStore.isEmpty()) {
            if (osTrustStore.equals("Windows-ROOT") || osTrustStore.equals("KeychainStore")) {
                return platformStore(osTrustStore);
            }
            Source s = fileOrDirectory(new File(osTrustStore));
            if (s == null) {
                AgentLog.warnOnce("osTrustStore", "osTrustStore=" + osTrustStore + " holds no readable certificate "
                        + "(a PEM bundle, a directory of PEM files, or a key store); the OS trust store is not compared");
            }
            return s;
        }
        if (osName.startsWith("windows")) {
            return platformStore("Windows-ROOT");
        }
        if (osName.startsWith("mac")) {
            return platformStore("KeychainStore");
        }
        for (String bundle : LINUX_BUNDLES) {
            File f = new File(bundle);
            if (f.isFile()) {
                Source s = fileOrDirectory(f);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static Source platformStore(String type) {
        try {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(null, null);
            List<X509Certificate> certs = certificates(ks);
            return certs.isEmpty() ? null : new Source(OS, type, certs);
        } catch (Exception e) {
            return null;
        }
    }

    private static Source fileOrDirectory(File f) {
        List<X509Certificate> certs;
        if (f.isDirectory()) {
            certs = new ArrayList<X509Certificate>();
            Set<String> seen = new HashSet<String>();
            File[] files = f.listFiles();
            if (files != null) {
                Arrays.sort(files);
                for (File file : files) {
                    List<X509Certificate> some = file.isFile() ? pem(file) : null;
                    if (some != null) {
                        for (X509Certificate c : some) {
                            if (seen.add(Certs.sha256(c))) { // hash symlinks name the same certificate again
                                certs.add(c);
                            }
                        }
                    }
                }
            }
        } else if (f.isFile()) {
            certs = pem(f);
            if (certs == null || certs.isEmpty()) {
                certs = keyStoreFile(f, null);
            }
        } else {
            certs = null;
        }
        return certs == null || certs.isEmpty() ? null : new Source(OS, f.getAbsolutePath(), certs);
    }

    /** The certificates of a PEM file (comments between blocks allowed); null when it is not PEM. */
    static List<X509Certificate> pem(File f) {
        try {
            if (f.length() > 16L * 1024 * 1024) {
                return null;
            }
            String text = new String(Files.readAllBytes(f.toPath()), StandardCharsets.ISO_8859_1);
            String begin = "-----BEGIN CERTIFICATE-----";
            String end = "-----END CERTIFICATE-----";
            List<X509Certificate> out = new ArrayList<X509Certificate>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            int at = text.indexOf(begin);
            while (at >= 0) {
                int stop = text.indexOf(end, at);
                if (stop < 0) {
                    break;
                }
                String body = text.substring(at + begin.length(), stop).replaceAll("\\s+", "");
                try {
                    out.add((X509Certificate) cf.generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(body))));
                } catch (Exception unreadable) {
                    // one bad block does not spoil the bundle
                }
                at = text.indexOf(begin, stop);
            }
            return out.isEmpty() ? null : out;
        } catch (Exception e) {
            return null;
        }
    }

    /** The certificates of a key store file (PKCS12 or JKS), with the usual public passwords; null if unreadable. */
    static List<X509Certificate> keyStoreFile(File file, String password) {
        return keyStoreCertificates(file, password, "PKCS12", "JKS");
    }

    /**
     * The certificates of a key store file of one of these types, read with {@code password}, no password or
     * "changeit"; null if unreadable or empty.
     */
    public static List<X509Certificate> keyStoreCertificates(File file, String password, String... types) {
        if (!file.isFile()) {
            return null;
        }
        for (String type : types) {
            for (String candidate : new String[] {password, null, "changeit"}) {
                try {
                    KeyStore ks = KeyStore.getInstance(type);
                    InputStream in = new FileInputStream(file);
                    try {
                        ks.load(in, candidate == null ? null : candidate.toCharArray());
                    } finally {
                        in.close();
                    }
                    List<X509Certificate> certs = certificates(ks);
                    if (!certs.isEmpty()) {
                        return certs;
                    }
                    // Without a password, PKCS12 skips its encrypted certificates instead of failing: try the next.
                } catch (Exception tryNext) {
                    // wrong type or password
                }
            }
        }
        return null;
    }

    private static List<X509Certificate> certificates(KeyStore ks) throws Exception {
        Map<String, X509Certificate> byPrint = new LinkedHashMap<String, X509Certificate>();
        for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements(); ) {
            Certificate c = ks.getCertificate(aliases.nextElement());
            if (c instanceof X509Certificate) {
                byPrint.put(Certs.sha256((X509Certificate) c), (X509Certificate) c);
            }
        }
        return new ArrayList<X509Certificate>(byPrint.values());
    }
}
