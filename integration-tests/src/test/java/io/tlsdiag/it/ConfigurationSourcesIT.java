package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tlsdiag.agent.AgentOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration as containers give it: agent arguments over {@code -Dtlsdiag.*} over {@code TLSDIAG_*} over a
 * properties file over the defaults, at launch and on attach; each option's value and source published for
 * {@code tlsdiag status}; a value with a comma through the environment.
 */
class ConfigurationSourcesIT {

    @TempDir
    Path tmp;

    private static List<JsonNode> awaitIncidents(Path dir, int count) throws Exception {
        AgentRun.Result files = new AgentRun.Result(0, "", "", dir.getParent());
        long deadline = System.currentTimeMillis() + 30_000;
        List<JsonNode> found = files.incidents(dir.getFileName().toString());
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            found = files.incidents(dir.getFileName().toString());
        }
        assertEquals(count, found.size(), "incidents in " + dir);
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void everySourceAtLaunchInItsOrderOfPrecedence(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path config = tmp.resolve("tlsdiag.properties");
        // The file loses to every other source where they overlap (output, maxIncidents), and is used where not.
        Files.writeString(config, "output=from-file\nmaxIncidents=5\nexpiryWarningDays=12\nlog=off\n");
        Path commaDir = tmp.resolve("incidents,from-env");
        CustomJvm jvm = new CustomJvm(jdk, tmp)
                .env("TLSDIAG_CONFIG_FILE", config.toString())
                .env("TLSDIAG_OUTPUT", commaDir.toString())
                .env("TLSDIAG_MAX_INCIDENTS", "6")
                .env("TLSDIAG_MAX_STACK_DEPTH", "40")
                .env("TLSDIAG_QUEUE_SIZE", "lots")
                .jvmArg("-Dtlsdiag.maxStackDepth=3")
                .jvmArg("-Dtlsdiag.maxIncidents=7")
                .agent("maxIncidents=8");
        try (CustomJvm.Running target = jvm.startService()) {
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            JsonNode incident = awaitIncidents(commaDir, 1).get(0);
            assertEquals("CERT_EXPIRED", incident.path("category").asText());
            assertEquals(3, incident.path("stack").size(), "maxStackDepth=3 from -Dtlsdiag.maxStackDepth");

            Properties p = target.systemProperties();
            Map<String, String> values = AgentOptions.readDescription(p.getProperty("tlsdiag.options"));
            assertEquals(commaDir.toString(), values.get("output"), p.getProperty("tlsdiag.options"));
            assertEquals("8", values.get("maxIncidents"));
            assertEquals("3", values.get("maxStackDepth"));
            assertEquals("256", values.get("queueSize"), "an invalid value falls through to the next source");
            assertEquals("12", values.get("expiryWarningDays"));
            assertEquals("off", values.get("log"));
            assertEquals(config.toString(), values.get("configFile"));
            assertEquals("output=env,queueSize=default,maxStackDepth=sysprop,dedupWindowSeconds=default,"
                    + "maxIncidents=javaagent,maxBytes=default,expiryWarningDays=file,"
                    + "requestCapturesPerSecond=default,handshakeStallSeconds=default,log=file,jmx=default,"
                    + "jmxDelaySeconds=default,debug=default,configFile=env", p.getProperty("tlsdiag.optionSources"));
            assertFalse(Files.exists(tmp.resolve("from-file")), "the file's output lost to TLSDIAG_OUTPUT");

            String printed = target.output();
            assertTrue(printed.contains("[tlsdiag] warning: ignoring TLSDIAG_QUEUE_SIZE=lots: not a valid value, "
                    + "using 256"), printed);
            assertFalse(printed.contains("TLS handshake failed"), "log=off from the file:\n" + printed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void attachReadsTheTargetsEnvironmentAndAReattachChangesOnlyWhatItNames(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path envDir = tmp.resolve("env-incidents");
        CustomJvm jvm = new CustomJvm(jdk, tmp)
                .env("TLSDIAG_OUTPUT", envDir.toString())
                .env("TLSDIAG_LOG", "stderr")
                .jvmArg("-Dtlsdiag.dedupWindowSeconds=77")
                .jvmArg("-XX:+EnableDynamicAgentLoading");
        try (CustomJvm.Running target = jvm.startService()) {
            Cli.Result attach = Cli.run(jdk, tmp, "attach", target.pid, "--option", "maxIncidents=40");
            assertEquals(0, attach.exitCode(), attach.all());
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            JsonNode incident = awaitIncidents(envDir, 1).get(0);
            assertEquals("CERT_EXPIRED", incident.path("category").asText());
            String logLine = target.next("[tlsdiag] TLS handshake failed: CERT_EXPIRED");
            assertTrue(logLine.contains(incident.path("id").asText()), logLine);

            Properties p = target.systemProperties();
            assertEquals("output=env,queueSize=default,maxStackDepth=default,dedupWindowSeconds=sysprop,"
                    + "maxIncidents=attach,maxBytes=default,expiryWarningDays=default,"
                    + "requestCapturesPerSecond=default,handshakeStallSeconds=default,log=env,jmx=default,"
                    + "jmxDelaySeconds=default,debug=default", p.getProperty("tlsdiag.optionSources"));

            Cli.Result again = Cli.run(jdk, tmp, "attach", target.pid, "--option", "queueSize=9");
            assertEquals(0, again.exitCode(), again.all());
            p = target.systemProperties();
            assertEquals("output=env,queueSize=attach,maxStackDepth=default,dedupWindowSeconds=sysprop,"
                    + "maxIncidents=attach,maxBytes=default,expiryWarningDays=default,"
                    + "requestCapturesPerSecond=default,handshakeStallSeconds=default,log=env,jmx=default,"
                    + "jmxDelaySeconds=default,debug=default", p.getProperty("tlsdiag.optionSources"));
            Map<String, String> values = AgentOptions.readDescription(p.getProperty("tlsdiag.options"));
            assertEquals(envDir.toString(), values.get("output"));
            assertEquals("9", values.get("queueSize"));
            assertEquals("40", values.get("maxIncidents"));
            assertEquals("77", values.get("dedupWindowSeconds"));

            // What `status` shows of it, read by a machine.
            Cli.Result status = Cli.run(jdk, tmp, "status", target.pid, "--json");
            assertEquals(0, status.exitCode(), status.all());
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.stdout());
            assertEquals(envDir.toString(), json.path("options").path("output").asText(), status.stdout());
            assertEquals("env", json.path("optionSources").path("output").asText(), status.stdout());
            assertEquals("attach", json.path("optionSources").path("queueSize").asText(), status.stdout());
            assertEquals("sysprop", json.path("optionSources").path("dedupWindowSeconds").asText(), status.stdout());
        }
    }
}
