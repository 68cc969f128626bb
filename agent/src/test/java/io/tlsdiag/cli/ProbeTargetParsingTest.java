package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code probe} accepts as its target and as {@code --proxy}, and the one sentence for what it does not. */
class ProbeTargetParsingTest {

    @Test
    void hostAndPort() throws Exception {
        ProbeCommand.Endpoint e = ProbeCommand.parseTarget("example.org:8443");
        assertEquals("example.org", e.host);
        assertEquals(8443, e.port);
        assertNull(e.path, "no HTTP request for host:port");
        ProbeCommand.Endpoint v6 = ProbeCommand.parseTarget("[::1]:443");
        assertEquals("::1", v6.host);
        assertEquals(443, v6.port);
    }

    @Test
    void httpsUrls() throws Exception {
        ProbeCommand.Endpoint e = ProbeCommand.parseTarget("https://example.org/a/b?c=d");
        assertEquals("example.org", e.host);
        assertEquals(443, e.port);
        assertEquals("/a/b?c=d", e.path);
        ProbeCommand.Endpoint bare = ProbeCommand.parseTarget("https://[::1]:8443");
        assertEquals("::1", bare.host);
        assertEquals(8443, bare.port);
        assertEquals("/", bare.path);
    }

    @Test
    void badTargetsAreOneSentenceWithoutAnExceptionName() {
        String[][] cases = {
            {"host:abc", "'host:abc': the port must be a number from 1 to 65535, not 'abc'"},
            {"host:0", "'host:0': the port must be a number from 1 to 65535, not '0'"},
            {"host:65536", "'host:65536': the port must be a number from 1 to 65535, not '65536'"},
            {"host", "'host' is neither an https:// URL nor host:port"},
            {"host:", "'host:' is neither an https:// URL nor host:port"},
            {":443", "':443' is neither an https:// URL nor host:port"},
            {"::1:443", "'::1:443': write an IPv6 address in brackets, e.g. [::1]:443"},
            {"http://example.org/", "'http://example.org/': probe speaks TLS, so an https:// URL or host:port"},
            {"https://example.org:abc/", "'https://example.org:abc/' has no valid host and port"},
        };
        for (String[] c : cases) {
            CliException e = assertThrows(CliException.class, () -> ProbeCommand.parseTarget(c[0]), c[0]);
            assertEquals(c[1], e.getMessage());
            assertEquals(2, e.exitCode());
        }
        CliException url = assertThrows(CliException.class, () -> ProbeCommand.parseTarget("https://[bad"));
        assertTrue(url.getMessage().startsWith("'https://[bad' is not a valid URL: "), url.getMessage());
        assertTrue(!url.getMessage().contains("Exception"), url.getMessage());
    }

    @Test
    void proxyIsHostAndPort() throws Exception {
        ProbeCommand.Endpoint p = ProbeCommand.parseHostPort("127.0.0.1:3128", "--proxy");
        assertEquals("127.0.0.1", p.host);
        assertEquals(3128, p.port);
        CliException e = assertThrows(CliException.class, () -> ProbeCommand.parseHostPort("proxy", "--proxy"));
        assertEquals("--proxy: 'proxy' is not host:port", e.getMessage());
    }

    @Test
    void serverNames() throws Exception {
        ProbeCommand.checkServerName("wrong.example.org");
        ProbeCommand.checkServerName("localhost");
        ProbeCommand.checkServerName("127.0.0.1");
        CliException e = assertThrows(CliException.class, () -> ProbeCommand.checkServerName("bad name!"));
        assertTrue(e.getMessage().startsWith("--servername: 'bad name!' is not a host name"), e.getMessage());
    }
}
