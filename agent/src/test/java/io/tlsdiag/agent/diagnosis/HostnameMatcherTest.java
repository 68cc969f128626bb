package io.tlsdiag.agent.diagnosis;

import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostnameMatcherTest {

    @Test
    void wildcardCoversExactlyOneLeftMostLabel() {
        assertTrue(HostnameMatcher.matchesPattern("lib.example.org", "*.example.org"));
        assertFalse(HostnameMatcher.matchesPattern("a.lib.example.org", "*.example.org"));
        assertFalse(HostnameMatcher.matchesPattern("example.org", "*.example.org"));
    }

    @Test
    void exactNamesMatchCaseInsensitivelyViaTheCaller() {
        assertTrue(HostnameMatcher.matchesPattern("lib.example.org", "lib.example.org"));
        assertFalse(HostnameMatcher.matchesPattern("lib.example.org", "lib.example.com"));
    }

    @Test
    void ipLiteralsAreRecognised() {
        assertTrue(HostnameMatcher.looksLikeIp("127.0.0.1"));
        assertTrue(HostnameMatcher.looksLikeIp("0.0.0.0"));
        assertTrue(HostnameMatcher.looksLikeIp("255.255.255.255"));
        assertTrue(HostnameMatcher.looksLikeIp("::1"));
        assertTrue(HostnameMatcher.looksLikeIp("::"));
        assertTrue(HostnameMatcher.looksLikeIp("[::1]"));
        assertTrue(HostnameMatcher.looksLikeIp("2001:db8::8a2e:370:7334"));
        assertTrue(HostnameMatcher.looksLikeIp("2001:0db8:0000:0000:0000:ff00:0042:8329"));
        assertTrue(HostnameMatcher.looksLikeIp("::ffff:192.0.2.1"));
        assertTrue(HostnameMatcher.looksLikeIp("fe80::1%eth0"));
        assertFalse(HostnameMatcher.looksLikeIp("localhost"));
    }

    /** Anything else is a host name: InetAddress would look it up in DNS, on the application's thread. */
    @Test
    void onlyStrictLiteralsAreIpAddresses() {
        for (String notIp : new String[] {"999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3",
                "1234.1.1.1", "1.2.3.-4", "12", "", ".", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::",
                "::g", "[::1", "::1]", "1.2.3.4:443", "::ffff:999.0.2.1", "::ffff:1.2.3", "%eth0", "::1%",
                "lib.example.org", "example:8443"}) {
            assertFalse(HostnameMatcher.looksLikeIp(notIp), notIp);
        }
    }

    @Test
    void ipAddressesMatchIpEntriesByValue() throws Exception {
        X509Certificate cert = TestCertificates.selfSigned(new X500Principal("CN=127.0.0.1"),
                "IP:127.0.0.1", "IP:::1", "IP:192.0.2.1", "DNS:localhost");
        assertTrue(HostnameMatcher.matches("127.0.0.1", cert));
        assertTrue(HostnameMatcher.matches("::1", cert));
        assertTrue(HostnameMatcher.matches("[::1]", cert));
        assertTrue(HostnameMatcher.matches("0:0:0:0:0:0:0:1", cert));
        assertTrue(HostnameMatcher.matches("::ffff:192.0.2.1", cert), "an IPv4-mapped address is the IPv4 address");
        assertFalse(HostnameMatcher.matches("127.0.0.2", cert));
        assertFalse(HostnameMatcher.matches("::2", cert));
        // Not an IP literal, so a host name; the CN (an IP) is never used for IP addresses nor for names here.
        assertFalse(HostnameMatcher.matches("999.0.0.1", cert));
        assertTrue(HostnameMatcher.matches("LOCALHOST", cert));
    }
}
