package io.tlsdiag.agent.diagnosis;

import org.junit.jupiter.api.Test;

import java.security.Security;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against this JVM's real java.security settings. */
class DisabledAlgorithmsTest {

    @Test
    void md5SignaturesAndSmallRsaKeysAreFoundInTheCertpathList() {
        assertTrue(Security.getProperty(DisabledAlgorithms.CERTPATH).contains("MD5"));
        assertTrue(DisabledAlgorithms.matching(DisabledAlgorithms.CERTPATH, "MD5withRSA", "RSA", 2048).contains("MD5"));
        assertTrue(DisabledAlgorithms.matching(DisabledAlgorithms.CERTPATH, "SHA256withRSA", "RSA", 512).stream()
                .anyMatch(e -> e.startsWith("RSA keySize <")));
        assertTrue(DisabledAlgorithms.matching(DisabledAlgorithms.CERTPATH, "SHA256withRSA", "RSA", 2048).isEmpty());
    }

    @Test
    void oldProtocolsAreListedAsDisabledByThisJvm() {
        assertTrue(DisabledAlgorithms.disabledProtocols().contains("TLSv1"));
        assertTrue(DisabledAlgorithms.disabledProtocols().contains("TLSv1.1"));
    }
}
