package io.tlsdiag.agent.diagnosis;

import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subject's common name, read from real certificates. A value may hold any character, including the ones that
 * separate attributes in the string form of a name ({@code ,} {@code +}); they must never split it.
 */
class CommonNameTest {

    private static String cn(String subject) throws Exception {
        return HostnameMatcher.commonName(TestCertificates.selfSigned(new X500Principal(subject)));
    }

    @Test
    void anEscapedCommaIsPartOfTheValue() throws Exception {
        assertEquals("Doe, John", cn("CN=Doe\\, John,O=Example"));
        assertEquals("Doe, John", cn("CN=\"Doe, John\",O=Example"));
    }

    @Test
    void otherSpecialCharactersArePartOfTheValue() throws Exception {
        assertEquals("a+b", cn("CN=a\\+b,O=Example"));
        assertEquals("back\\slash", cn("CN=back\\\\slash"));
        assertEquals("#hash", cn("CN=\\#hash"));
        assertEquals("say \"hi\"; <now>", cn("CN=say \\\"hi\\\"\\; \\<now\\>"));
        assertEquals("Jörg Müller", cn("CN=Jörg Müller,O=Example"));
    }

    @Test
    void aNameInsideAnotherAttributeIsNotTheCommonName() throws Exception {
        // The string form is "OU=x\,CN=evil.example,CN=good.example"; splitting it at every comma finds evil first.
        X509Certificate cert = TestCertificates.selfSigned(new X500Principal("OU=x\\,CN=evil.example,CN=good.example"));
        assertEquals("good.example", HostnameMatcher.commonName(cert));
        assertTrue(HostnameMatcher.matches("good.example", cert));
        assertFalse(HostnameMatcher.matches("evil.example", cert));
    }

    @Test
    void theMostSpecificCommonNameWins() throws Exception {
        // RFC 6125 6.4.4: the last CN in the name's encoding, which the string form (RFC 2253) prints first.
        assertEquals("host.example", cn("CN=host.example,CN=Some Service,O=Example"));
    }

    @Test
    void aMultiValuedRdnIsReadAttributeByAttribute() throws Exception {
        assertEquals("host.example", cn("OU=Ops+CN=host.example,O=Example"));
        assertEquals("host.example", cn("CN=host.example+OU=Ops,O=Example"));
    }

    @Test
    void noCommonNameIsNull() throws Exception {
        assertNull(cn("O=Example,C=DE"));
    }

    @Test
    void theCommonNameIsUsedForMatchingOnlyWithoutDnsNames() throws Exception {
        X509Certificate cnOnly = TestCertificates.selfSigned(new X500Principal("CN=Lib.Example.org,O=Doe\\, John"));
        assertTrue(HostnameMatcher.matches("lib.example.org", cnOnly));
        X509Certificate withSan = TestCertificates.selfSigned(new X500Principal("CN=lib.example.org"),
                "DNS:other.example.org");
        assertFalse(HostnameMatcher.matches("lib.example.org", withSan));
    }
}
