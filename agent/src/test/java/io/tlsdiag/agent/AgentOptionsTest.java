package io.tlsdiag.agent;

import io.tlsdiag.agent.ops.LogMode;
import io.tlsdiag.agent.util.SharedNames;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.io.TempDir;

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
                + "dedupWindowSeconds=600,maxIncidents=1000,maxBytes=4096,expiryWarningDays=30,"
                + "requestCapturesPerSecond=100,handshakeStallSeconds=60,log=auto,jmx=true,jmxDelaySeconds=60,"
                + "debug=true", o.describe());
        AgentOptions back = AgentOptions.parse(o.describe());
        assertTrue(back.warnings().isEmpty(), back.warnings().toString());
        assertEquals(o.describe(), back.describe());
    }

    @TempDir
    Path tmp;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void environmentNamesAreUpperCaseWithCamelCaseSplitByUnderscores() {
        assertEquals("TLSDIAG_OUTPUT", AgentOptions.environmentName("output"));
        assertEquals("TLSDIAG_MAX_INCIDENTS", AgentOptions.environmentName("maxIncidents"));
        assertEquals("TLSDIAG_DEDUP_WINDOW_SECONDS", AgentOptions.environmentName("dedupWindowSeconds"));
        assertEquals("TLSDIAG_CONFIG_FILE", AgentOptions.environmentName("configFile"));
        assertEquals("tlsdiag.maxIncidents", AgentOptions.propertyName("maxIncidents"));
        assertFalse(AgentOptions.settableOptions().containsKey("command"), "command is for tlsdiag detach only");
    }

    @Test
    void argumentsOverSystemPropertiesOverEnvironmentOverFileOverDefaults() throws Exception {
        Path file = tmp.resolve("tlsdiag.properties");
        Files.writeString(file, "output=/from-file\nqueueSize=11\nmaxStackDepth=12\nmaxIncidents=13\nmaxBytes=14\n");
        AgentOptions o = AgentOptions.load("maxIncidents=3", null, false,
                env("TLSDIAG_CONFIG_FILE", file.toString(), "TLSDIAG_QUEUE_SIZE", "21", "TLSDIAG_MAX_STACK_DEPTH", "22",
                        "TLSDIAG_MAX_INCIDENTS", "23"),
                props("tlsdiag.maxStackDepth", "32", "tlsdiag.maxIncidents", "33"));
        assertTrue(o.warnings().isEmpty(), o.warnings().toString());
        assertEquals(new File("/from-file"), o.outputDirectory());
        assertEquals(21, o.queueSize());
        assertEquals(32, o.maxStackDepth());
        assertEquals(3, o.maxIncidents());
        assertEquals(14, o.maxBytes());
        assertEquals(30, o.expiryWarningDays());
        assertEquals("file", o.source("output"));
        assertEquals("env", o.source("queueSize"));
        assertEquals("sysprop", o.source("maxStackDepth"));
        assertEquals("javaagent", o.source("maxIncidents"));
        assertEquals("default", o.source("expiryWarningDays"));
        assertEquals("env", o.source("configFile"));
        assertEquals("output=file,queueSize=env,maxStackDepth=sysprop,dedupWindowSeconds=default,"
                + "maxIncidents=javaagent,maxBytes=file,expiryWarningDays=default,requestCapturesPerSecond=default,"
                + "handshakeStallSeconds=default,log=default,jmx=default,"
                + "jmxDelaySeconds=default,debug=default,configFile=env", o.describeSources());
        assertTrue(o.isGiven("maxIncidents"));
        assertFalse(o.isGiven("queueSize"), "given means: named by the arguments");
    }

    @Test
    void aValueWithACommaComesFromTheEnvironmentAndIsPublishedReadably() {
        AgentOptions o = AgentOptions.load("debug=true", null, true, env("TLSDIAG_OUTPUT", "/data/a,b"), props());
        assertEquals(new File("/data/a,b"), o.outputDirectory());
        assertEquals("attach", o.source("debug"));
        Map<String, String> back = AgentOptions.readDescription(o.describe());
        assertEquals("/data/a,b", back.get("output"));
        assertEquals("256", back.get("queueSize"));
        assertEquals("true", back.get("debug"));
        assertEquals(List.copyOf(AgentOptions.settableOptions().keySet()).subList(0, 13), List.copyOf(back.keySet()));
    }

    @Test
    void aBadValueFromOneSourceWarnsByItsNameAndTheNextSourceStays() {
        AgentOptions o = AgentOptions.load("queueSize=nine", null, false,
                env("TLSDIAG_QUEUE_SIZE", "7", "TLSDIAG_MAX_INCIDENTS", "lots", "TLSDIAG_LOG", "loud"),
                props("tlsdiag.queueSize", "-1", "tlsdiag.jmx", "yes"));
        assertEquals(7, o.queueSize());
        assertEquals("env", o.source("queueSize"));
        assertEquals(1000, o.maxIncidents());
        assertEquals(LogMode.AUTO, o.log());
        assertTrue(o.jmx());
        String all = String.join("\n", o.warnings());
        assertEquals(5, o.warnings().size(), all);
        assertTrue(all.contains("ignoring TLSDIAG_MAX_INCIDENTS=lots: not a valid value, using 1000"), all);
        assertTrue(all.contains("ignoring TLSDIAG_LOG=loud"), all);
        assertTrue(all.contains("ignoring -Dtlsdiag.queueSize=-1: not a valid value, using 7"), all);
        assertTrue(all.contains("ignoring -Dtlsdiag.jmx=yes"), all);
        assertTrue(all.contains("ignoring option queueSize=nine: not a valid value, using 7"), all);
    }

    @Test
    void blankValuesAndUnrelatedNamesAreNotOptions() {
        AgentOptions o = AgentOptions.load(null, null, false,
                env("TLSDIAG_OUTPUT", "  ", "TLSDIAG_JDK17", "/usr/lib/jvm/17", "TLSDIAG_COMMAND", "detach"),
                props("tlsdiag.active", "/somewhere", "tlsdiag.status", "active=true", "tlsdiag.options", "output=/x",
                        "tlsdiag.command", "detach", "tlsdiag.test.javaHomes", "/a,/b"));
        assertTrue(o.warnings().isEmpty(), o.warnings().toString());
        assertFalse(o.isDetach(), "command comes from the arguments only");
        assertEquals(new File(SharedNames.DEFAULT_OUTPUT).getAbsoluteFile(), o.outputDirectory());
        assertEquals("default", o.source("output"));
    }

    @Test
    void theConfigFileNeverRepeatsAValueOfAKeyItDoesNotKnow() throws Exception {
        Path file = tmp.resolve("shared.properties");
        Files.writeString(file, "db.password=hunter2\nlog=stderr\ncommand=detach\njmx=maybe\n");
        AgentOptions o = AgentOptions.load("configFile=" + file, null, false, env(), props());
        assertEquals(LogMode.STDERR, o.log());
        assertEquals("file", o.source("log"));
        assertFalse(o.isDetach());
        String all = String.join("\n", o.warnings());
        assertEquals(3, o.warnings().size(), all);
        assertTrue(all.contains("unknown option 'db.password'"), all);
        assertFalse(all.contains("hunter2"), all);
        assertTrue(all.contains("ignoring jmx=maybe in " + file), all);
    }

    @Test
    void aMissingConfigFileIsAWarningAndTheRestApplies() {
        AgentOptions o = AgentOptions.load("maxIncidents=4", null, false,
                env("TLSDIAG_CONFIG_FILE", tmp.resolve("nope.properties").toString()), props());
        assertEquals(4, o.maxIncidents());
        assertEquals(1, o.warnings().size(), o.warnings().toString());
        assertTrue(o.warnings().get(0).startsWith("cannot read configFile " + tmp.resolve("nope.properties")),
                o.warnings().toString());
    }

    @Test
    void aReattachKeepsWhereTheOtherValuesCameFromAndReadsOnlyAFileItNames() throws Exception {
        AgentOptions first = AgentOptions.load(null, null, false, env("TLSDIAG_OUTPUT", "/env"),
                props("tlsdiag.maxIncidents", "9"));
        // The environment is not read again (it cannot have changed); only what the attach names changes.
        AgentOptions again = AgentOptions.load("queueSize=5", first, true, env("TLSDIAG_OUTPUT", "/other"), props());
        assertEquals(new File("/env"), again.outputDirectory());
        assertEquals("env", again.source("output"));
        assertEquals(9, again.maxIncidents());
        assertEquals("sysprop", again.source("maxIncidents"));
        assertEquals("attach", again.source("queueSize"));

        Path file = tmp.resolve("more.properties");
        Files.writeString(file, "maxIncidents=50\nmaxBytes=5000\n");
        AgentOptions withFile = AgentOptions.load("configFile=" + file + ",maxBytes=6000", again, true, env(), props());
        assertEquals(50, withFile.maxIncidents());
        assertEquals("file", withFile.source("maxIncidents"));
        assertEquals(6000, withFile.maxBytes(), "the arguments win over the file they name");
        assertEquals(5, withFile.queueSize());
    }

    @Test
    void logAndJmxOptions() {
        AgentOptions o = AgentOptions.parse("log=slf4j,jmx=false,jmxDelaySeconds=0");
        assertTrue(o.warnings().isEmpty(), o.warnings().toString());
        assertEquals(LogMode.SLF4J, o.log());
        assertFalse(o.jmx());
        assertEquals(0, o.jmxDelaySeconds());
        assertEquals(LogMode.OFF, AgentOptions.parse("log=off").log());
        AgentOptions upper = AgentOptions.parse("log=OFF,debug=TRUE,jmx=False");
        assertTrue(upper.warnings().isEmpty(), upper.warnings().toString());
        assertEquals(LogMode.OFF, upper.log());
        assertTrue(upper.debug());
        assertFalse(upper.jmx());
        assertTrue(upper.describe().contains(",log=off,jmx=false,"), upper.describe());
        assertEquals(1, AgentOptions.parse("log=loud").warnings().size());
        assertTrue(o.sameSinkSettings(AgentOptions.parse(null)), "log and jmx are not sink settings");
    }
}
