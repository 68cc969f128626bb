package io.tlsdiag.clients.bench;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.bench.Bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the agent costs a Netty client per new connection (the stack it captures when a client channel is created, and
 * its engine hooks), against no agent, alternating children in one run so that noise hits both alike. Each connection
 * is a full TLS handshake, the case where that capture happens; a request on an open connection captures nothing.
 * Reports medians and the ratio; asserts nothing.
 *
 * <pre>ConnectionBench AGENT_JAR JAVA [rounds] [connectionsPerRun]</pre>
 */
public final class ConnectionBench {

    private ConnectionBench() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String java = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 800;
        DemoPki pki = new DemoPki();
        Path dir = Files.createTempDirectory("tlsdiag-bench");
        try {
            Path trustStore = pki.writeTrustStore(dir.resolve("truststore.p12"));
            Path keyStore = Bench.writeKeyStore(pki, "good", dir.resolve("server.p12"));
            List<String> base = List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD,
                    "-cp", System.getProperty("java.class.path"), NettyConnections.class.getName(),
                    keyStore.toString(), Bench.KEYSTORE_PASSWORD, String.valueOf(connections));
            String agent = "-javaagent:" + agentJar + "=output=" + dir.resolve("incidents");
            compare(java, agent, rounds, connections, base, "Netty client connections to a Netty server in the same"
                    + " JVM (new channel, full TLS 1.3 handshake, close)", "connection");
            int channels = connections * 25;
            compare(java, agent, rounds, channels, List.of("-cp", System.getProperty("java.class.path"),
                    NettyConnections.class.getName(), "channels", String.valueOf(channels)),
                    "Netty client TLS channels only (created, registered, SslHandler and engine added, closed; never"
                            + " connected)", "channel");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Runs the child alternately without and with the agent; prints medians per iteration and the ratio. */
    static void compare(String java, String agent, int rounds, int n, List<String> child, String what,
                                String unit) throws Exception {
        List<Double> plain = new ArrayList<>();
        List<Double> withAgent = new ArrayList<>();
        run(java, null, child); // warm the file cache
        for (int i = 0; i < rounds; i++) {
            plain.add(run(java, null, child));
            withAgent.add(run(java, agent, child));
        }
        double p = Bench.median(plain) * 1000 / (n - 1);
        double a = Bench.median(withAgent) * 1000 / (n - 1);
        System.out.printf("%s: %d per run, median of %d runs each%n", what, n - 1, rounds);
        System.out.printf("  no agent   %9.2f us/%s%n  tlsdiag    %9.2f us/%s (%+.2f us)%n  throughput %.3f of no agent%n",
                p, unit, a, unit, a - p, p / a);
    }

    /** Milliseconds of the child's timed loop. */
    private static double run(String java, String agent, List<String> base) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (agent != null) {
            cmd.add(agent);
        }
        cmd.addAll(base);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double loop = -1;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("LOOP_NANOS=")) {
                    loop = Long.parseLong(line.substring("LOOP_NANOS=".length())) / 1e6;
                }
            }
        }
        if (p.waitFor() != 0 || loop < 0) {
            throw new IllegalStateException("benchmark child failed: " + cmd + "\n" + all);
        }
        return loop;
    }
}
