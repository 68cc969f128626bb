package io.tlsdiag.demo;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small PKI made at run time, with one certificate chain per failure the demo and the tests provoke. Nothing is
 * checked in: every run makes fresh keys, so expiry is always relative to now.
 */
public final class DemoPki {

    public static final String TRUSTSTORE_PASSWORD = "changeit";
    /** Names of the "hostile" certificate: an escape sequence that would clear a terminal and set its title. */
    public static final String HOSTILE_COMMON_NAME = "evil\u001b]0;pwned\u0007\u001b[2J\u202eexample";
    public static final String HOSTILE_ORGANISATION = "<script>alert('x')</script>";
    /** The caIssuers URL in the incomplete-chain leaf (never fetched by anything). */
    public static final String CA_ISSUERS_URL = "http://127.0.0.1:9/tlsdiag-demo-intermediate.crt";

    /** A key and the chain a server presents with it (leaf first). */
    public record Identity(String name, PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final KeyPair rootKey;
    public final X509Certificate root;
    public final KeyPair intermediateKey;
    public final X509Certificate intermediate;
    public final KeyPair otherRootKey;
    public final X509Certificate otherRoot;
    private final Map<String, Identity> identities = new LinkedHashMap<>();

    public DemoPki() throws Exception {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(30));
        Instant to = now.plus(Duration.ofDays(365));
        rootKey = keyPair();
        root = ca("CN=tlsdiag Demo Root CA,O=tlsdiag demo", rootKey, null, rootKey, from, to);
        intermediateKey = keyPair();
        intermediate = ca("CN=tlsdiag Demo Intermediate CA,O=tlsdiag demo", intermediateKey, root, rootKey, from, to);
        otherRootKey = keyPair();
        otherRoot = ca("CN=Unknown Private Root CA,O=Somewhere Else", otherRootKey, null, otherRootKey, from, to);

        add("good", leafUnder("localhost", from, to), intermediate, root);
        add("expired", leafUnder("localhost", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(3))),
                intermediate, root);
        add("not-yet-valid", leafUnder("localhost", now.plus(Duration.ofDays(10)), now.plus(Duration.ofDays(400))),
                intermediate, root);
        KeyPair wrongHostKey = keyPair();
        X509Certificate wrongHost = leaf("CN=wrong.example.org,O=tlsdiag demo",
                new String[] {"wrong.example.org", "*.example.org"}, new String[0], wrongHostKey, intermediate,
                intermediateKey, from, to);
        identities.put("wrong-host", new Identity("wrong-host", wrongHostKey.getPrivate(),
                List.of(wrongHost, intermediate)));
        KeyPair selfKey = keyPair();
        X509Certificate self = sign(new JcaX509v3CertificateBuilder(new X500Principal("CN=localhost,O=Self Signed"),
                serial(), Date.from(from), Date.from(to), new X500Principal("CN=localhost,O=Self Signed"),
                selfKey.getPublic()).addExtension(Extension.subjectAlternativeName, false, sans(
                new String[] {"localhost"}, new String[] {"127.0.0.1"})), selfKey.getPrivate());
        identities.put("self-signed", new Identity("self-signed", selfKey.getPrivate(), List.of(self)));
        KeyPair untrustedKey = keyPair();
        X509Certificate untrustedLeaf = leaf("CN=localhost,O=Somewhere Else", new String[] {"localhost"},
                new String[] {"127.0.0.1"}, untrustedKey, otherRoot, otherRootKey, from, to);
        identities.put("untrusted-root", new Identity("untrusted-root", untrustedKey.getPrivate(),
                List.of(untrustedLeaf, otherRoot)));
        // Says where its issuer can be fetched (AIA caIssuers), as public CAs' certificates do; nothing fetches it.
        KeyPair incompleteKey = keyPair();
        X509v3CertificateBuilder incompleteBuilder = new JcaX509v3CertificateBuilder(intermediate, serial(),
                Date.from(from), Date.from(to), new X500Principal("CN=localhost,O=tlsdiag demo"),
                incompleteKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false,
                        sans(new String[] {"localhost"}, new String[] {"127.0.0.1"}))
                .addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.uniformResourceIdentifier,
                        CA_ISSUERS_URL)));
        identities.put("incomplete-chain", new Identity("incomplete-chain", incompleteKey.getPrivate(),
                List.of(sign(incompleteBuilder, intermediateKey.getPrivate()))));
        KeyPair oldIntermediateKey = keyPair();
        X509Certificate oldIntermediate = ca("CN=tlsdiag Demo Retired Intermediate CA,O=tlsdiag demo",
                oldIntermediateKey, root, rootKey, now.minus(Duration.ofDays(800)), now.minus(Duration.ofDays(1)));
        KeyPair underOldKey = keyPair();
        X509Certificate underOld = leaf("CN=localhost,O=tlsdiag demo", new String[] {"localhost"},
                new String[] {"127.0.0.1"}, underOldKey, oldIntermediate, oldIntermediateKey,
                now.minus(Duration.ofDays(100)), to);
        identities.put("expired-intermediate", new Identity("expired-intermediate", underOldKey.getPrivate(),
                List.of(underOld, oldIntermediate)));
        add("client", leafUnder("client.tlsdiag.demo", from, to), intermediate);
        // A certificate whose names carry terminal escape sequences, bidi overrides and markup: what `tlsdiag show`
        // and the HTML report must neutralise. Self-signed, so it also fails validation.
        KeyPair hostileKey = keyPair();
        org.bouncycastle.asn1.x500.X500Name hostileName = new org.bouncycastle.asn1.x500.X500NameBuilder()
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, HOSTILE_ORGANISATION)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, HOSTILE_COMMON_NAME).build();
        identities.put("hostile", new Identity("hostile", hostileKey.getPrivate(), List.of(sign(
                new JcaX509v3CertificateBuilder(hostileName, serial(), Date.from(from), Date.from(to), hostileName,
                        hostileKey.getPublic()), hostileKey.getPrivate()))));
        // Only good for client authentication (extendedKeyUsage clientAuth), presented by a server.
        KeyPair usageKey = keyPair();
        identities.put("wrong-usage", new Identity("wrong-usage", usageKey.getPrivate(), List.of(sign(
                new JcaX509v3CertificateBuilder(intermediate, serial(), Date.from(from), Date.from(to),
                        new X500Principal("CN=localhost,O=tlsdiag demo client only"), usageKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
                                org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth))
                        .addExtension(Extension.subjectAlternativeName, false,
                                sans(new String[] {"localhost"}, new String[] {"127.0.0.1"})),
                intermediateKey.getPrivate()), intermediate)));
        // Issued by an end-entity certificate (basicConstraints CA:false) as if it were a CA.
        Identity eeIssuer = leafUnder("issuer.tlsdiag.demo", from, to);
        KeyPair eeIssuerKeys = new KeyPair(eeIssuer.leaf().getPublicKey(), eeIssuer.key());
        KeyPair underEeKey = keyPair();
        X509Certificate underEe = leaf("CN=localhost,O=tlsdiag demo", new String[] {"localhost"},
                new String[] {"127.0.0.1"}, underEeKey, eeIssuer.leaf(), eeIssuerKeys, from, to);
        identities.put("not-a-ca", new Identity("not-a-ca", underEeKey.getPrivate(),
                List.of(underEe, eeIssuer.leaf(), intermediate)));
        // An intermediate allowed to certify only *.example.org names, certifying localhost.
        KeyPair constrainedKey = keyPair();
        X509Certificate constrained = sign(new JcaX509v3CertificateBuilder(root, serial(), Date.from(from),
                Date.from(to), new X500Principal("CN=tlsdiag Demo example.org-only CA,O=tlsdiag demo"),
                constrainedKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.nameConstraints, true, new org.bouncycastle.asn1.x509.NameConstraints(
                        new org.bouncycastle.asn1.x509.GeneralSubtree[] {new org.bouncycastle.asn1.x509.GeneralSubtree(
                                new GeneralName(GeneralName.dNSName, "example.org"))}, null)),
                rootKey.getPrivate());
        KeyPair underConstrainedKey = keyPair();
        X509Certificate underConstrained = leaf("CN=localhost,O=tlsdiag demo", new String[] {"localhost"},
                new String[0], underConstrainedKey, constrained, constrainedKey, from, to);
        identities.put("name-constrained", new Identity("name-constrained", underConstrainedKey.getPrivate(),
                List.of(underConstrained, constrained)));
        add("expiring-soon", leafUnder("localhost", from, now.plus(Duration.ofDays(10))), intermediate, root);
    }

    /**
     * Two leaves issued straight by the root, each naming a CRL distribution point: {@code revoked} is listed in the
     * CRL at {@code crlUrl}; {@code revocation-unknown} points at {@code missingUrl}, where no CRL is found. Returns
     * the DER CRL to serve at {@code crlUrl}.
     */
    public synchronized byte[] addRevocationIdentities(String crlUrl, String missingUrl) throws Exception {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(30));
        Instant to = now.plus(Duration.ofDays(365));
        X509Certificate revoked = null;
        for (String name : new String[] {"revoked", "revocation-unknown"}) {
            KeyPair key = keyPair();
            String url = name.equals("revoked") ? crlUrl : missingUrl;
            X509Certificate cert = sign(new JcaX509v3CertificateBuilder(root, serial(), Date.from(from), Date.from(to),
                    new X500Principal("CN=localhost,O=tlsdiag demo " + name), key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false,
                            sans(new String[] {"localhost"}, new String[] {"127.0.0.1"}))
                    .addExtension(Extension.cRLDistributionPoints, false, new org.bouncycastle.asn1.x509.CRLDistPoint(
                            new org.bouncycastle.asn1.x509.DistributionPoint[] {new org.bouncycastle.asn1.x509.DistributionPoint(
                                    new org.bouncycastle.asn1.x509.DistributionPointName(new GeneralNames(
                                            new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)})),
                    rootKey.getPrivate());
            identities.put(name, new Identity(name, key.getPrivate(), List.of(cert)));
            if (name.equals("revoked")) {
                revoked = cert;
            }
        }
        org.bouncycastle.cert.X509v2CRLBuilder crl = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(
                root.getSubjectX500Principal(), Date.from(now.minus(Duration.ofHours(1))));
        crl.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        crl.addCRLEntry(revoked.getSerialNumber(), Date.from(now.minus(Duration.ofHours(2))),
                org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        return crl.build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate())).getEncoded();
    }

    public Identity identity(String name) {
        Identity id = identities.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no identity " + name + " (have " + identities.keySet() + ")");
        }
        return id;
    }

    /** A PKCS#12 trust store with only the demo root in it. */
    public KeyStore trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("tlsdiag-demo-root", root);
        return ks;
    }

    public Path writeTrustStore(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
        return file;
    }

    /**
     * Writes {@code name.crt} (the leaf), {@code name-chain.crt} (the rest of the chain as sent) and {@code name.key}
     * (PKCS#8) as PEM, for openssl s_server's -cert, -cert_chain and -key.
     */
    public void writePem(String name, Path dir) throws IOException {
        Identity id = identity(name);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : id.chain().subList(1, id.chain().size())) {
            chain.append(pem("CERTIFICATE", encoded(c)));
        }
        Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", encoded(id.leaf())));
        Files.writeString(dir.resolve(name + "-chain.crt"), chain.toString());
        Path key = dir.resolve(name + ".key");
        Files.writeString(key, pem("PRIVATE KEY", id.key().getEncoded()));
    }

    private void add(String name, Identity leaf, X509Certificate... rest) {
        List<X509Certificate> chain = new ArrayList<>(leaf.chain());
        for (X509Certificate c : rest) {
            if (c != root) {
                chain.add(c);
            }
        }
        identities.put(name, new Identity(name, leaf.key(), List.copyOf(chain)));
    }

    private Identity leafUnder(String host, Instant from, Instant to) throws Exception {
        KeyPair key = keyPair();
        X509Certificate cert = leaf("CN=" + host + ",O=tlsdiag demo", new String[] {host},
                host.equals("localhost") ? new String[] {"127.0.0.1"} : new String[0],
                key, intermediate, intermediateKey, from, to);
        return new Identity(host, key.getPrivate(), List.of(cert));
    }

    private static X509Certificate leaf(String subject, String[] dns, String[] ips, KeyPair key,
                                        X509Certificate issuer, KeyPair issuerKey, Instant from, Instant to)
            throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from), Date.from(to),
                new X500Principal(subject), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | KeyUsage.keyEncipherment));
        if (dns.length + ips.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, sans(dns, ips));
        }
        return sign(b, issuerKey.getPrivate());
    }

    private static X509Certificate ca(String subject, KeyPair key, X509Certificate issuer, KeyPair issuerKey,
                                      Instant from, Instant to) throws Exception {
        // X500Principal keeps names in the order Java prints them; the issuer's name is copied byte for byte.
        X500Principal issuerName = issuer == null ? new X500Principal(subject) : issuer.getSubjectX500Principal();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial(), Date.from(from),
                Date.from(to), new X500Principal(subject), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null ? 1 : 0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(b, issuerKey.getPrivate());
    }

    private static GeneralNames sans(String[] dns, String[] ips) {
        List<GeneralName> names = new ArrayList<>();
        for (String d : dns) {
            names.add(new GeneralName(GeneralName.dNSName, d));
        }
        for (String ip : ips) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
