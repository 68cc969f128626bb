package io.tlsdiag.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MXBean {@code io.tlsdiag:type=TlsDiag}, read by a plain JMX client the way JConsole connects to a local JVM
 * (the target's local connector, started with {@code jcmd ManagementAgent.start_local}; JConsole starts it through the
 * attach API, which sends the same command): no tlsdiag class on the
 * client side, only open types. Registered lazily: after a launch at the first incident or after
 * {@code jmxDelaySeconds}; after an attach at once.
 */
class JmxIT {

    private static final String NAME = "io.tlsdiag:type=TlsDiag";

    @TempDir
    Path tmp;

    /** A JMX connection to {@code target}, as JConsole makes one to a local process. */
    private static JMXConnector connect(CustomJvm.Running target) throws Exception {
        target.jcmd("ManagementAgent.start_local");
        String status = target.jcmd("ManagementAgent.status");
        String address = status.lines().map(String::strip).filter(l -> l.startsWith("URL")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("");
        assertTrue(address.startsWith("service:jmx:rmi:"), "no local connector address in:\n" + status);
        return JMXConnectorFactory.connect(new JMXServiceURL(address));
    }

    /** A map attribute (an MXBean's TabularData of key/value rows) as a plain map. */
    private static Map<String, Long> map(MBeanServerConnection c, String attribute) throws Exception {
        TabularData table = (TabularData) c.getAttribute(new ObjectName(NAME), attribute);
        Map<String, Long> out = new TreeMap<>();
        for (Object row : table.values()) {
            CompositeData d = (CompositeData) row;
            out.put((String) d.get("key"), (Long) d.get("value"));
        }
        return out;
    }

    private static Object attribute(MBeanServerConnection c, String attribute) throws Exception {
        return c.getAttribute(new ObjectName(NAME), attribute);
    }

    /** Polls (30 s at most) until {@code done} holds for the failures by category; returns the last seen. */
    private static Map<String, Long> awaitFailures(MBeanServerConnection c, Predicate<Map<String, Long>> done)
            throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Long> seen = Map.of();
        while (System.currentTimeMillis() < deadline) {
            if (c.isRegistered(new ObjectName(NAME))) {
                seen = map(c, "FailuresByCategory");
                if (done.test(seen)) {
                    return seen;
                }
            }
            Thread.sleep(100);
        }
        return seen;
    }

    private static void awaitRegistered(MBeanServerConnection c) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!c.isRegistered(new ObjectName(NAME)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(c.isRegistered(new ObjectName(NAME)), NAME + " is not registered");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void registeredAtTheFirstIncidentAndCountingFailuresByCategoryWithRepeats(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        // A delay no test run reaches: only the first incident can register it.
        CustomJvm jvm = new CustomJvm(jdk, tmp).agent("output=incidents,jmxDelaySeconds=86400");
        try (CustomJvm.Running target = jvm.startService(); JMXConnector jmx = connect(target)) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            assertTrue(target.call(peers.url("good")).contains(" OK "));
            assertFalse(c.isRegistered(new ObjectName(NAME)), "not registered before the first incident");

            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            assertTrue(target.call(peers.url("self-signed")).contains(" FAILED "));
            Map<String, Long> failures = awaitFailures(c,
                    m -> m.getOrDefault("CERT_EXPIRED", 0L) == 2 && m.getOrDefault("SELF_SIGNED", 0L) == 1);
            assertEquals(2L, failures.get("CERT_EXPIRED"), "repeats included: " + failures);
            assertEquals(1L, failures.get("SELF_SIGNED"), failures.toString());
            assertEquals(3L, failures.values().stream().mapToLong(Long::longValue).sum(), failures.toString());
            assertEquals(0L, failures.get("HOSTNAME_MISMATCH"), "every category is listed: " + failures);
            assertEquals(2L, attribute(c, "IncidentsWritten"));
            assertEquals(1L, attribute(c, "Repeats"));
            assertEquals(0L, attribute(c, "Dropped"));
            assertEquals(0L, attribute(c, "AgentErrors"));
            assertEquals(Boolean.TRUE, attribute(c, "Active"));
            assertEquals(tmp.resolve("incidents").toString(), attribute(c, "OutputDirectory"));
            Map<String, Long> findings = map(c, "FindingsByCategory");
            assertEquals(0L, findings.get("CERT_EXPIRING_SOON"), findings.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void registeredAfterTheDelayWithoutAnyIncident(TestJdks.Jdk jdk) throws Exception {
        CustomJvm jvm = new CustomJvm(jdk, tmp).env("TLSDIAG_JMX_DELAY_SECONDS", "1");
        jvm.agent("output=incidents");
        try (CustomJvm.Running target = jvm.startService(); JMXConnector jmx = connect(target)) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            awaitRegistered(c);
            assertEquals(0L, attribute(c, "IncidentsWritten"));
            assertTrue(map(c, "FailuresByCategory").values().stream().allMatch(v -> v == 0L));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void jmxFalseRegistersNothing(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        CustomJvm jvm = new CustomJvm(jdk, tmp).jvmArg("-Dtlsdiag.jmx=false").agent("output=incidents,jmxDelaySeconds=0");
        try (CustomJvm.Running target = jvm.startService(); JMXConnector jmx = connect(target)) {
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "));
            // The writer announces an incident (this line) after the moment it would have registered the MXBean.
            target.next("[tlsdiag] TLS handshake failed: CERT_EXPIRED");
            assertFalse(jmx.getMBeanServerConnection().isRegistered(new ObjectName(NAME)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tlsdiag.it.TestJdks#all")
    void afterAnAttachItIsRegisteredAtOnceAndDetachShowsInactive(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        CustomJvm jvm = new CustomJvm(jdk, tmp).jvmArg("-XX:+EnableDynamicAgentLoading");
        try (CustomJvm.Running target = jvm.startService(); JMXConnector jmx = connect(target)) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            assertTrue(target.call(peers.url("expired")).contains(" FAILED "), "before the attach: not counted");
            Cli.Result attach = Cli.run(jdk, tmp, "attach", target.pid, "--output", tmp.resolve("incidents").toString());
            assertEquals(0, attach.exitCode(), attach.all());
            awaitRegistered(c);
            assertEquals(Boolean.TRUE, attribute(c, "Active"));
            assertEquals(0L, map(c, "FailuresByCategory").get("CERT_EXPIRED"));

            assertTrue(target.call(peers.url("wrong-host")).contains(" FAILED "));
            Map<String, Long> failures = awaitFailures(c, m -> m.getOrDefault("HOSTNAME_MISMATCH", 0L) == 1);
            assertEquals(1L, failures.get("HOSTNAME_MISMATCH"), failures.toString());

            Cli.Result detach = Cli.run(jdk, tmp, "detach", target.pid);
            assertEquals(0, detach.exitCode(), detach.all());
            assertEquals(Boolean.FALSE, attribute(c, "Active"), "still registered, and it says the agent is off");
            assertEquals(1L, attribute(c, "IncidentsWritten"));
        }
    }
}
