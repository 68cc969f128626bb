package io.tlsdiag.agent;

import org.junit.jupiter.api.Test;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aHugeDedupWindowDoesNotOverflowIntoANegativeWindow() {
        // Seconds to milliseconds overflowed for values past Long.MAX_VALUE / 1000: a negative window de-duplicated
        // nothing, silently.
        AgentOptions huge = AgentOptions.parse("dedupWindowSeconds=" + Long.MAX_VALUE);
        assertTrue(huge.dedupWindowMillis() > 0, "window " + huge.dedupWindowMillis());
        AgentOptions justPast = AgentOptions.parse("dedupWindowSeconds=" + (Long.MAX_VALUE / 1000 + 1));
        assertTrue(justPast.dedupWindowMillis() > 0, "window " + justPast.dedupWindowMillis());
        assertEquals(1, huge.warnings().size(), huge.warnings().toString());
        assertEquals(600_000L, huge.dedupWindowMillis(), "an out-of-range value keeps the default");
        assertEquals(315_360_000_000L, AgentOptions.parse("dedupWindowSeconds=315360000").dedupWindowMillis(),
                "ten years is allowed");
    }

    @Test
    void aReattachChangesOnlyWhatItNames() {
        AgentOptions first = AgentOptions.parse("output=/first,dedupWindowSeconds=5,queueSize=8,debug=true");
        AgentOptions again = AgentOptions.parse("maxIncidents=2", first);
        assertEquals(2, again.maxIncidents());
        assertEquals(new File("/first"), again.outputDirectory());
        assertEquals(5_000L, again.dedupWindowMillis());
        assertEquals(8, again.queueSize());
        assertTrue(again.debug());
        assertTrue(again.isGiven("maxIncidents"));
        assertFalse(again.isGiven("output"), "only what this attach named counts as given");
        assertFalse(again.sameSinkSettings(first));

        AgentOptions debugOff = AgentOptions.parse("debug=false", again);
        assertFalse(debugOff.debug());
        assertTrue(debugOff.sameSinkSettings(again), "debug is not a sink setting");
        assertEquals(again.describe().replace("debug=true", "debug=false"), debugOff.describe());
    }

    @Test
    void aBadValueOnReattachKeepsTheCurrentValueNotTheDefault() {
        AgentOptions first = AgentOptions.parse("maxIncidents=7");
        AgentOptions again = AgentOptions.parse("maxIncidents=lots", first);
        assertEquals(7, again.maxIncidents());
        assertEquals(1, again.warnings().size());
        assertTrue(again.warnings().get(0).contains("keeping 7"), again.warnings().toString());
        assertTrue(again.sameSinkSettings(first));
        assertEquals(first.describe(), again.describe());
    }

    @Test
    void detachIsNeverInherited() {
        AgentOptions detach = AgentOptions.parse("command=detach");
        assertTrue(detach.isDetach());
        assertFalse(AgentOptions.parse("", detach).isDetach());
    }

    @Test
    void theEffectiveOptionsAreDescribedInReadmeOrderAndParseBack() {
        AgentOptions o = AgentOptions.parse("debug=true,output=rel,maxBytes=4096");
        assertEquals("output=" + new File("rel").getAbsolutePath() + ",queueSize=256,maxStackDepth=64,"
                + "dedupWindowSeconds=600,maxIncidents=1000,maxBytes=4096,expiryWarningDays=30,debug=true",
                o.describe());
        AgentOptions back = AgentOptions.parse(o.describe());
        assertTrue(back.warnings().isEmpty(), back.warnings().toString());
        assertEquals(o.describe(), back.describe());
    }
}
