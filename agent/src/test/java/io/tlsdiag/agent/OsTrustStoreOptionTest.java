package io.tlsdiag.agent;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code osTrustStore} option: detected by default, set from every source, and part of the sink's settings. */
class OsTrustStoreOptionTest {

    @Test
    void defaultsToDetectionAndIsLeftOutOfTheDescriptionUntilSet() {
        AgentOptions o = AgentOptions.parse("");
        assertEquals("", o.osTrustStore());
        assertFalse(o.describe().contains("osTrustStore"), o.describe());
        assertFalse(o.describeSources().contains("osTrustStore"), o.describeSources());
    }

    @Test
    void comesFromArgumentsPropertiesAndEnvironment() {
        assertEquals("/etc/x.pem", AgentOptions.parse("osTrustStore=/etc/x.pem").osTrustStore());
        assertEquals("none", AgentOptions.parse("osTrustStore=none").osTrustStore());
        Properties p = new Properties();
        p.setProperty("tlsdiag.osTrustStore", "/from/property.pem");
        assertEquals("/from/property.pem", AgentOptions.load(null, null, false, Map.of(), p).osTrustStore());
        AgentOptions env = AgentOptions.load(null, null, false, Map.of("TLSDIAG_OS_TRUST_STORE", "/from/env"),
                new Properties());
        assertEquals("/from/env", env.osTrustStore());
        assertEquals("env", env.source("osTrustStore"));
        assertTrue(env.describe().contains("osTrustStore=/from/env"), env.describe());
        assertEquals("/from/env", AgentOptions.readDescription(env.describe()).get("osTrustStore"));
    }

    @Test
    void aChangedOsTrustStoreNeedsANewSink() {
        AgentOptions a = AgentOptions.parse("osTrustStore=/a.pem");
        assertTrue(a.sameSinkSettings(AgentOptions.parse("osTrustStore=/a.pem")));
        assertFalse(a.sameSinkSettings(AgentOptions.parse("osTrustStore=none")));
    }
}
