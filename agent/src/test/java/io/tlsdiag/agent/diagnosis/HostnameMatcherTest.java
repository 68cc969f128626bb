package io.tlsdiag.agent.diagnosis;

import org.junit.jupiter.api.Test;

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
        assertTrue(HostnameMatcher.looksLikeIp("::1"));
        assertFalse(HostnameMatcher.looksLikeIp("localhost"));
    }
}
