package io.tlsdiag.it;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small generated hierarchies for the evidence tests: a CA, and leaves with validity windows chosen to the minute
 * (a clock-skew test needs a notBefore minutes ahead, which DemoPki's fixed identities do not have).
 */
final class EvidencePki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    record Ca(String subject, KeyPair key, X509Certificate cert) {
    }

    record Leaf(KeyPair key, List<X509Certificate> chain) {
        X509Certificate cert() {
            return chain.get(0);
        }

        /** Writes NAME.crt (leaf), NAME-chain.crt (the rest, possibly empty) and NAME.key as PEM. */
        void write(Path dir, String name) throws Exception {
            Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert().getEncoded()));
            StringBuilder rest = new StringBuilder();
            for (X509Certificate c : chain.subList(1, chain.size())) {
                rest.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(dir.resolve(name + "-chain.crt"), rest.toString());
            Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        }

        /** The openssl s_server options that serve this leaf (and its chain) as the default certificate. */
        List<String> serverOptions(Path dir, String name) {
            List<String> o = new ArrayList<>(List.of("-cert", dir.resolve(name + ".crt").toString(),
                    "-key", dir.resolve(name + ".key").toString()));
            if (chain.size() > 1) {
                o.addAll(List.of("-cert_chain", dir.resolve(name + "-chain.crt").toString()));
            }
            return o;
        }
    }

    private EvidencePki() {
    }

    static Ca root(String subject) throws Exception {
        KeyPair k = keyPair();
        Instant now = Instant.now();
        return new Ca(subject, k, ca(subject, k.getPublic(), new X500Principal(subject), k,
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)), 2));
    }

    static Ca intermediate(String subject, Ca issuer) throws Exception {
        KeyPair k = keyPair();
        Instant now = Instant.now();
        return new Ca(subject, k, ca(subject, k.getPublic(), issuer.cert().getSubjectX500Principal(), issuer.key(),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)), 0));
    }

    /** A leaf for {@code dns} (and 127.0.0.1) issued by {@code issuer}; {@code rest} is appended to its chain. */
    static Leaf leaf(String dns, Ca issuer, Instant from, Instant to, X509Certificate... rest) throws Exception {
        KeyPair k = keyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.cert().getSubjectX500Principal(),
                serial(), Date.from(from), Date.from(to), new X500Principal("CN=" + dns + ",O=tlsdiag evidence"),
                k.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, dns)}));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(sign(b, issuer.key()));
        chain.addAll(List.of(rest));
        return new Leaf(k, chain);
    }

    static Leaf leaf(String dns, Ca issuer, X509Certificate... rest) throws Exception {
        Instant now = Instant.now();
        return leaf(dns, issuer, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), rest);
    }

    /** A PKCS12 trust store (password changeit) holding the given CA certificates. */
    static Path trustStore(Path file, X509Certificate... cas) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int n = 0;
        for (X509Certificate c : cas) {
            ks.setCertificateEntry("ca" + (n++), c);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "changeit".toCharArray());
        }
        return file;
    }

    static Path writePem(Path file, X509Certificate cert) throws Exception {
        Files.writeString(file, pem("CERTIFICATE", cert.getEncoded()));
        return file;
    }

    private static X509Certificate ca(String subject, java.security.PublicKey pub, X500Principal issuer,
                                      KeyPair issuerKey, Instant from, Instant to, int pathLen) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from),
                Date.from(to), new X500Principal(subject), pub)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(b, issuerKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
