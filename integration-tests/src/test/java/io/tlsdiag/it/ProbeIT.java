package io.tlsdiag.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tlsdiag probe}: "would Java trust this server?", answered with the diagnosis. */
class ProbeIT {

    @TempDir
    Path tmp;

    @Test
    void probeOfAnExpiredServerExplainsItAndWritesTheIncident() throws Exception {
        Peers peers = Peers.shared();
        Cli.Result r = Cli.run(TestJdks.all().get(0), tmp, "probe", peers.url("expired"), "--truststore",
                peers.trustStore.toString(), "--truststore-password", "changeit", "--output", tmp.resolve("out").toString());
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("CERT_EXPIRED  localhost:" + peers.servers.port("expired")), r.stdout());
        assertTrue(r.stdout().contains(">> [0] CN=localhost,O=tlsdiag demo"), r.stdout());
        assertTrue(r.stdout().contains("Trust: " + peers.trustStore), r.stdout());
        assertEquals(1, new AgentRun.Result(0, "", "", tmp).incidents("out").size());
    }

    @Test
    void probeOfAGoodServerSaysJavaTrustsIt() throws Exception {
        Peers peers = Peers.shared();
        Cli.Result r = Cli.run(TestJdks.all().get(0), tmp, "probe", "localhost:" + peers.servers.port("good"),
                "--truststore", peers.trustStore.toString(), "--truststore-password", "changeit",
                "--output", tmp.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("OK: Java trusts localhost:" + peers.servers.port("good")), r.stdout());
    }

    @Test
    void probeOfAServerWithTheWrongNameSaysSo() throws Exception {
        Peers peers = Peers.shared();
        Cli.Result r = Cli.run(TestJdks.all().get(0), tmp, "probe", peers.url("wrong-host"), "--truststore",
                peers.trustStore.toString(), "--truststore-password", "changeit", "--output", tmp.resolve("out").toString());
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("HOSTNAME_MISMATCH"), r.stdout());
    }
}
