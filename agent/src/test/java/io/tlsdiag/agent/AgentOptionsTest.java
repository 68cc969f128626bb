package io.tlsdiag.agent;

import org.junit.jupiter.api.Test;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    @Test
    void noArgumentsMeansDefaultsAndNoWarnings() {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(new File("tlsdiag-incidents").getAbsoluteFile(), o.outputDirectory());
        assertEquals(256, o.queueSize());
        assertTrue(o.warnings().isEmpty());
    }

    @Test
    void relativeOutputIsResolvedAgainstTheWorkingDirectory() {
        AgentOptions o = AgentOptions.parse("output=some/dir");
        assertEquals(new File("some/dir").getAbsoluteFile(), o.outputDirectory());
        assertTrue(o.outputDirectory().isAbsolute());
    }

    @Test
    void everyBadItemGetsOneWarningAndTheRestStillApplies() {
        AgentOptions o = AgentOptions.parse("output=/x, nope=1 ,debug=maybe,queueSize=abc,=3,,queueSize=9");
        assertEquals(new File("/x"), o.outputDirectory());
        assertEquals(9, o.queueSize());
        assertEquals(false, o.debug());
        assertEquals(4, o.warnings().size(), o.warnings().toString());
        assertTrue(o.warnings().get(0).contains("unknown option 'nope'"));
        assertTrue(o.warnings().get(1).contains("debug=maybe"));
        assertTrue(o.warnings().get(2).contains("queueSize=abc"));
        assertTrue(o.warnings().get(3).contains("malformed option '=3'"));
    }
}
