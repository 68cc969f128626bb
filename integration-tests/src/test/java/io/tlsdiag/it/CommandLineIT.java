package io.tlsdiag.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command line as a conventional one (the real jar, JDK 17 and 25): {@code --version}, {@code help <command>},
 * options before or after the arguments and as {@code --opt=value}, errors as one line with exit code 2, {@code --json}
 * for machines, and no escape codes unless a person's terminal is there to read them.
 */
class CommandLineIT {

    /** What a person must never see in an error: a Java exception's name. */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("[A-Za-z]+(Exception|Error)\\b|java\\.(lang|io|net)\\.");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void versionAndHelpForEachCommand(TestJdks.Jdk jdk) throws Exception {
        String version;
        try (JarFile jar = new JarFile(AgentRun.AGENT_JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        for (String flag : List.of("--version", "-V")) {
            Cli.Result r = Cli.run(jdk, tmp, flag);
            assertEquals(0, r.exitCode(), r.all());
            assertEquals("tlsdiag " + version, r.stdout().lines().findFirst().orElse(""), r.all());
        }

        Cli.Result help = Cli.run(jdk, tmp, "help", "attach");
        assertEquals(0, help.exitCode(), help.all());
        assertTrue(help.stdout().startsWith("usage: tlsdiag attach "), help.stdout());
        assertEquals(Cli.run(jdk, tmp, "attach", "--help").stdout(), help.stdout(), "help attach = attach --help");
        // The agent options, each with its default, from the agent itself.
        for (String option : List.of("output tlsdiag-incidents", "queueSize 256", "maxStackDepth 64",
                "dedupWindowSeconds 600", "maxIncidents 1000", "maxBytes 52428800", "expiryWarningDays 30",
                "debug false")) {
            String[] kv = option.split(" ");
            assertTrue(help.stdout().lines().anyMatch(l -> l.matches("\\s+" + kv[0] + "\\s+" + kv[1] + "(\\s.*)?")),
                    option + " in:\n" + help.stdout());
        }
        assertTrue(help.stdout().lines().allMatch(l -> l.length() <= 80), "80 columns:\n" + help.stdout());

        Cli.Result probe = Cli.run(jdk, tmp, "help", "probe");
        for (String option : List.of("--servername=NAME", "--proxy=HOST:PORT", "--keystore=FILE",
                "--truststore-password-file=FILE", "--truststore-password-env=VAR", "--keystore-password-file=FILE",
                "--keystore-password-env=VAR", "--json")) {
            assertTrue(probe.stdout().contains(option), option + " in:\n" + probe.stdout());
        }
        Cli.Result top = Cli.run(jdk, tmp, "help");
        assertEquals(0, top.exitCode(), top.all());
        for (String command : List.of("list", "attach", "detach", "status", "probe", "report", "show", "help")) {
            assertTrue(top.stdout().contains("\n  " + command + " "), command + " in:\n" + top.stdout());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void errorsAreOneLineWithExitCodeTwoAndNoExceptionName(TestJdks.Jdk jdk) throws Exception {
        Map<List<String>, String> cases = Map.of(
                List.of("probe", "host:abc"), "tlsdiag probe: 'host:abc': the port must be a number from 1 to 65535, "
                        + "not 'abc'",
                List.of("probe", "localhost:70000"), "tlsdiag probe: 'localhost:70000': the port must be a number "
                        + "from 1 to 65535, not '70000'",
                List.of("probe", "https://[oops"), "tlsdiag probe: 'https://[oops' is not a valid URL",
                List.of("probe", "--frob", "localhost:443"), "tlsdiag probe: unknown option '--frob'",
                List.of("probe", "localhost:443", "--proxy", "nohost"), "tlsdiag probe: --proxy: 'nohost' is not "
                        + "host:port",
                List.of("attach"), "tlsdiag attach: Missing required parameter: '<pid>'",
                List.of("status", "12", "13"), "tlsdiag status: unexpected argument '13'",
                List.of("frobnicate"), "tlsdiag: unknown command 'frobnicate'",
                List.of("help", "frobnicate"), "tlsdiag: Unknown subcommand 'frobnicate'; see 'tlsdiag --help'",
                List.of("show"), "tlsdiag show: Missing required parameter");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Cli.Result r = Cli.run(jdk, tmp, c.getKey().toArray(new String[0]));
            String what = c.getKey() + " -> " + r.all();
            assertEquals(2, r.exitCode(), what);
            assertEquals(1, r.stderr().lines().count(), "one line: " + what);
            assertTrue(r.stderr().startsWith(c.getValue()), what);
            assertFalse(EXCEPTION_NAME.matcher(r.stderr()).find(), "no exception name: " + what);
            assertEquals("", r.stdout(), what);
        }
    }

    /**
     * attach, status and list against a real JVM: options after the PID, before it, and as --opt=value; status and
     * list as JSON; each option's value and where it came from.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void optionsAnywhereAndJsonForListAndStatus(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path incidents = tmp.resolve("incidents");
        try (TargetJvm target = new TargetJvm(jdk, tmp, List.of())) {
            Cli.Result neverLoaded = Cli.run(jdk, tmp, "status", "--json", target.pid);
            assertEquals(3, neverLoaded.exitCode(), neverLoaded.all());
            assertEquals("never-loaded", JSON.readTree(neverLoaded.stdout()).path("state").asText());

            Cli.Result attach = Cli.run(jdk, tmp, "attach", "--output=" + incidents, "--option=queueSize=32",
                    target.pid, "--option", "maxIncidents=9");
            assertEquals(0, attach.exitCode(), attach.all());
            assertTrue(attach.stdout().contains("incidents: " + incidents), attach.stdout());
            assertTrue(attach.stdout().contains("queueSize=32, "), attach.stdout());
            assertTrue(attach.stdout().contains("maxIncidents=9, "), attach.stdout());

            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            JsonNode status = awaitWritten(jdk, target, 1);
            assertEquals(Long.parseLong(target.pid), status.path("pid").asLong());
            assertEquals("active", status.path("state").asText());
            assertTrue(status.path("javaVersion").asText().startsWith(jdk.label().substring(3)), status.toString());
            assertEquals(incidents.toString(), status.path("incidentDirectory").asText());
            assertEquals(1, status.path("counters").path("written").asLong());
            assertEquals(0, status.path("counters").path("dropped").asLong());
            assertTrue(status.path("counters").path("agentErrors").isNumber(), status.toString());
            assertEquals("32", status.path("options").path("queueSize").asText());
            assertEquals("9", status.path("options").path("maxIncidents").asText());
            assertEquals("attach", status.path("optionSources").path("queueSize").asText(), status.toString());
            assertEquals("default", status.path("optionSources").path("maxStackDepth").asText(), status.toString());

            Cli.Result text = Cli.run(jdk, tmp, "status", target.pid);
            assertEquals(0, text.exitCode(), text.all());
            assertTrue(text.stdout().contains("written      1"), text.stdout());
            assertTrue(text.stdout().lines().anyMatch(l -> l.matches("\\s+queueSize\\s+32\\s+\\(attach\\)")),
                    "each option, its value and where it came from:\n" + text.stdout());

            Cli.Result list = Cli.run(jdk, tmp, "list", "--json");
            assertEquals(0, list.exitCode(), list.all());
            JsonNode mine = null;
            for (JsonNode jvm : JSON.readTree(list.stdout()).path("jvms")) {
                assertTrue(jvm.path("pid").isNumber(), jvm.toString());
                if (jvm.path("pid").asText().equals(target.pid)) {
                    mine = jvm;
                }
            }
            assertTrue(mine != null, "the target in:\n" + list.stdout());
            assertTrue(mine.path("attachable").asBoolean(), mine.toString());
            assertTrue(mine.path("tlsdiagActive").asBoolean(), mine.toString());
            assertEquals(incidents.toString(), mine.path("incidentDirectory").asText());
            assertTrue(mine.path("main").asText().contains("io.tlsdiag.demo.DemoService"), mine.toString());
            assertTrue(mine.path("javaVersion").isTextual(), mine.toString());

            // The command line's classes and its parser stay in the command's JVM: the target loaded the agent only.
            String classes = loadedClasses(jdk, target);
            assertTrue(classes.contains("io.tlsdiag.agent.TlsDiagAgent"), "the agent is loaded");
            assertFalse(classes.contains("picocli"), "picocli loaded in the target");
            assertFalse(classes.contains("io.tlsdiag.cli."), "a command line class loaded in the target");

            assertEquals(0, Cli.run(jdk, tmp, "detach", target.pid).exitCode());
            Cli.Result detached = Cli.run(jdk, tmp, "status", target.pid, "--json");
            assertEquals(3, detached.exitCode(), detached.all());
            assertEquals("detached", JSON.readTree(detached.stdout()).path("state").asText());
            assertTrue(JSON.readTree(detached.stdout()).path("incidentDirectory").isNull(), detached.stdout());
        }
    }

    /** probe and report as JSON, with the options before or after the arguments. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void jsonForProbeAndReport(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path out = tmp.resolve("out");
        String trust = "--truststore=" + peers.trustStore;
        Path password = Files.writeString(tmp.resolve("trust.pw"), "changeit\n");
        String good = "localhost:" + peers.servers.port("good");

        Cli.Result ok = Cli.run(jdk, tmp, "probe", "--json", trust, "--truststore-password-file=" + password, good,
                "--output=" + out);
        assertEquals(0, ok.exitCode(), ok.all());
        JsonNode trusted = JSON.readTree(ok.stdout());
        assertTrue(trusted.path("trusted").asBoolean(), ok.stdout());
        assertEquals("localhost", trusted.path("host").asText());
        assertEquals(peers.servers.port("good"), trusted.path("port").asInt());
        assertEquals("localhost", trusted.path("serverName").asText());
        assertTrue(trusted.path("proxy").isNull(), ok.stdout());
        assertTrue(trusted.path("protocol").asText().startsWith("TLSv1."), ok.stdout());
        assertFalse(trusted.path("cipherSuite").asText().isEmpty(), ok.stdout());
        assertEquals("CN=localhost,O=tlsdiag demo", trusted.path("serverCertificate").asText());
        assertTrue(trusted.path("incident").isNull(), ok.stdout());

        Cli.Result failed = Cli.run(jdk, tmp, "probe", peers.url("expired"), "--json", trust,
                "--truststore-password-file", password.toString(), "--output", out.toString());
        assertEquals(1, failed.exitCode(), failed.all());
        JsonNode notTrusted = JSON.readTree(failed.stdout());
        assertFalse(notTrusted.path("trusted").asBoolean(), failed.stdout());
        assertEquals("CERT_EXPIRED", notTrusted.path("incident").path("category").asText(), failed.stdout());
        assertTrue(Files.isRegularFile(Path.of(notTrusted.path("incidentFile").asText())), failed.stdout());
        assertFalse(notTrusted.path("error").asText().isEmpty(), failed.stdout());

        Cli.Result after = Cli.run(jdk, tmp, "report", out.toString(), "--json");
        Cli.Result before = Cli.run(jdk, tmp, "report", "--json", out.toString());
        assertEquals(1, after.exitCode(), after.all());
        assertEquals(after.stdout(), before.stdout());
        JsonNode report = JSON.readTree(after.stdout());
        assertEquals(out.toString(), report.path("directory").asText());
        assertEquals(1, report.path("incidentFiles").asInt());
        JsonNode group = report.path("groups").get(0);
        assertEquals("CERT_EXPIRED", group.path("category").asText());
        assertEquals("localhost:" + peers.servers.port("expired"), group.path("peer").asText());
        assertEquals(notTrusted.path("incident").path("id").asText(), group.path("incidentIds").get(0).asText());
    }

    /**
     * Redirected output carries no escape code, whatever the JDK; on a terminal the same output is in colour (so the
     * detection, not a missing feature, is what keeps redirected output clean), and NO_COLOR switches it off.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void colourOnlyOnATerminal(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        Path out = tmp.resolve("out");
        Cli.Result probe = Cli.run(jdk, tmp, "probe", peers.url("expired"), "--truststore", peers.trustStore.toString(),
                "--truststore-password", "changeit", "--output", out.toString());
        assertEquals(1, probe.exitCode(), probe.all());
        String id = new AgentRun.Result(0, "", "", tmp).incidents("out").get(0).path("id").asText();
        List<List<String>> commands = List.of(List.of("show", id, "--dir", out.toString()),
                List.of("report", out.toString()), List.of("help", "probe"), List.of("--version"));
        for (List<String> command : commands) {
            Cli.Result r = Cli.run(jdk, tmp, command.toArray(new String[0]));
            assertFalse((r.stdout() + r.stderr()).contains("\u001b"), "escape code in redirected " + command + ":\n"
                    + r.all());
        }
        assertFalse((probe.stdout() + probe.stderr()).contains("\u001b"), probe.all());

        assumeTrue(Cli.canRunOnTerminal(), "util-linux script is needed to run on a terminal");
        Cli.Result onTerminal = Cli.runOnTerminal(Map.of(), null, jdk, tmp, "show", id, "--dir", out.toString());
        assertEquals(0, onTerminal.exitCode(), onTerminal.all());
        assertTrue(onTerminal.stdout().contains("\u001b[31m"), "red on a terminal:\n" + onTerminal.stdout());
        Cli.Result noColor = Cli.runOnTerminal(Map.of("NO_COLOR", "1"), null, jdk, tmp, "show", id, "--dir",
                out.toString());
        assertEquals(0, noColor.exitCode(), noColor.all());
        assertTrue(noColor.stdout().contains("CERT_EXPIRED"), noColor.stdout());
        assertFalse(noColor.stdout().contains("\u001b["), "NO_COLOR:\n" + noColor.stdout());
    }

    /** Every class the target has loaded ({@code jcmd <pid> VM.class_hierarchy}). */
    private static String loadedClasses(TestJdks.Jdk jdk, TargetJvm target) throws Exception {
        Process p = new ProcessBuilder(jdk.home().resolve("bin/jcmd").toString(), target.pid, "VM.class_hierarchy")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("java.lang.Object"), out);
        return out;
    }

    private JsonNode awaitWritten(TestJdks.Jdk jdk, TargetJvm target, long written) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            Cli.Result r = Cli.run(jdk, tmp, "status", target.pid, "--json");
            assertEquals(0, r.exitCode(), r.all());
            JsonNode status = JSON.readTree(r.stdout());
            if (status.path("counters").path("written").asLong() >= written || System.currentTimeMillis() > deadline) {
                return status;
            }
            Thread.sleep(100);
        }
    }
}
