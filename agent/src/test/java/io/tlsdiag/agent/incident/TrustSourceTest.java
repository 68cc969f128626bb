package io.tlsdiag.agent.incident;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrustSourceTest {

    @Test
    void sslContextProtocolComesFromJssesImplementationClass() {
        assertEquals("Default", TrustSource.protocolOf("sun.security.ssl.SSLContextImpl$DefaultSSLContext"));
        assertEquals("TLS", TrustSource.protocolOf("sun.security.ssl.SSLContextImpl$TLSContext"));
        assertEquals("TLSv1.2", TrustSource.protocolOf("sun.security.ssl.SSLContextImpl$TLS12Context"));
        assertEquals("TLSv1.3", TrustSource.protocolOf("sun.security.ssl.SSLContextImpl$TLS13Context"));
    }
}
