package io.tlsdiag.demo.bench;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.DemoServers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Agent against no agent, side by side in one run on the same machine, alternating so that noise hits both alike.
 * Reports medians and ratios; asserts nothing (a shared machine is too noisy for thresholds).
 *
 * <pre>Bench AGENT_JAR JAVA [startupRounds] [loopRounds] [handshakesPerLoop]</pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String java = args[1];
        int startupRounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int loopRounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int handshakes = args.length > 4 ? Integer.parseInt(args[4]) : 800;
        DemoPki pki = new DemoPki();
        Path dir = Files.createTempDirectory("tlsdiag-bench");
        Path trustStore = pki.writeTrustStore(dir.resolve("truststore.p12"));
        try (DemoServers servers = new DemoServers(pki, List.of("good"))) {
            int port = servers.port("good");
            List<String> base = List.of(java, "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD,
                    "-cp", System.getProperty("java.class.path"));
            String agentArg = "-javaagent:" + agentJar + "=output=" + dir.resolve("incidents");

            runChild(base, null, port, 1, 0); // warm the file cache for both
            runChild(base, agentArg, port, 1, 0);
            for (int workMs : new int[] {0, 1000}) {
                List<Double> plain = new ArrayList<>();
                List<Double> agent = new ArrayList<>();
                for (int i = 0; i < startupRounds; i++) {
                    plain.add(runChild(base, null, port, 1, workMs)[0]);
                    agent.add(runChild(base, agentArg, port, 1, workMs)[0]);
                }
                double p = median(plain);
                double a = median(agent);
                System.out.printf("startup: JVM start to first completed handshake, %s, median of %d runs each%n",
                        workMs == 0 ? "handshake at once" : "after " + workMs + " ms of application startup work",
                        startupRounds);
                System.out.printf("  no agent   %7.1f ms%n  with agent %7.1f ms%n  added      %+7.1f ms (ratio %.2f)%n",
                        p, a, a - p, a / p);
            }

            List<Double> plainLoop = new ArrayList<>();
            List<Double> agentLoop = new ArrayList<>();
            for (int i = 0; i < loopRounds; i++) {
                plainLoop.add(runChild(base, null, port, handshakes, 0)[1]);
                agentLoop.add(runChild(base, agentArg, port, handshakes, 0)[1]);
            }
            double pl = median(plainLoop);
            double al = median(agentLoop);
            System.out.printf("successful handshakes: %d full handshakes per run, median of %d runs each%n",
                    handshakes - 1, loopRounds);
            System.out.printf("  no agent   %7.3f ms/handshake%n  with agent %7.3f ms/handshake%n  ratio      %.3f%n",
                    pl / (handshakes - 1), al / (handshakes - 1), al / pl);
        }
    }

    /** Returns {ms from process start to FIRST_HANDSHAKE_DONE, ms of the handshake loop}. */
    private static double[] runChild(List<String> base, String agentArg, int port, int count, int workMs)
            throws Exception {
        List<String> cmd = new ArrayList<>(base.subList(0, 1));
        if (agentArg != null) {
            cmd.add(agentArg);
        }
        cmd.addAll(base.subList(1, base.size()));
        cmd.add(HandshakeClient.class.getName());
        cmd.add(String.valueOf(port));
        cmd.add(String.valueOf(count));
        cmd.add(String.valueOf(workMs));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double first = -1;
        double loop = -1;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.equals("FIRST_HANDSHAKE_DONE")) {
                    first = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith("LOOP_NANOS=")) {
                    loop = Long.parseLong(line.substring("LOOP_NANOS=".length())) / 1e6;
                }
            }
        }
        if (p.waitFor() != 0 || first < 0) {
            throw new IllegalStateException("benchmark child failed: " + cmd + "\n" + all);
        }
        return new double[] {first, loop};
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
