package io.tlsdiag.agent.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NearMissTest {

    @Test
    void wildcardThatCoversOnlyOneLabelIsNamed() {
        Map<String, Object> m = NearMiss.find("a.lib.example.org", List.of("*.example.org", "other.net"));
        assertEquals("*.example.org", m.get("name"));
        assertTrue(m.get("reason").toString().contains("exactly one label"), m.toString());
    }

    @Test
    void bareDomainUnderAWildcardIsNamed() {
        assertEquals("*.example.org", NearMiss.find("example.org", List.of("*.example.org")).get("name"));
    }

    @Test
    void wwwDifferenceAndTyposAreNamed() {
        assertEquals("www.example.org", NearMiss.find("example.org", List.of("www.example.org")).get("name"));
        assertEquals("library.example.org", NearMiss.find("libary.example.org", List.of("library.example.org"))
                .get("name"));
    }

    @Test
    void unrelatedNamesAreNoNearMiss() {
        assertNull(NearMiss.find("localhost", List.of("wrong.example.org", "*.example.org")));
    }
}
