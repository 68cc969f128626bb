package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which properties {@code probe} keeps off its child's command line (the integration test is ProbeIT). */
class ProbeSecretsTest {

    @Test
    void passwordsAndOtherSecretsAreSecret() {
        for (String key : Arrays.asList("javax.net.ssl.trustStorePassword", "javax.net.ssl.keyStorePassword",
                "javax.net.ssl.KEYSTOREPASSWORD", "com.sun.security.somePassphrase", "jdk.tls.someSecret",
                "javax.net.ssl.keyStorePin")) {
            assertTrue(ProbeCommand.isSecret(key), key);
        }
    }

    @Test
    void locationsAndSettingsAreNot() {
        for (String key : Arrays.asList("javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType",
                "javax.net.ssl.keyStore", "jdk.tls.client.protocols", "jdk.certpath.disabledAlgorithms",
                "com.sun.net.ssl.checkRevocation")) {
            assertFalse(ProbeCommand.isSecret(key), key);
        }
    }
}
