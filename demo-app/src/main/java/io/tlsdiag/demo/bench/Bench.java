package io.tlsdiag.demo.bench;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.DemoServers;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Agent against no agent, side by side in one run on the same machine, alternating so that noise hits both alike.
 * Reports medians and ratios; asserts nothing (a shared machine is too noisy for thresholds). Startup also runs a
 * floor agent ({@link FloorAgent}): what any {@code -javaagent} with a transformer costs before doing anything.
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
        Path keyStore = writeKeyStore(pki, "good", dir.resolve("server.p12"));
        try (DemoServers servers = new DemoServers(pki, List.of("good"))) {
            String port = String.valueOf(servers.port("good"));
            List<String> base = List.of(java, "-Djavax.net.ssl.trustStore=" + trustStore,
                    "-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD,
                    "-cp", System.getProperty("java.class.path"));
            String[] agents = {null, "-javaagent:" + writeFloorAgent(dir.resolve("floor-agent.jar")),
                    "-javaagent:" + agentJar + "=output=" + dir.resolve("incidents")};
            String[] names = {"no agent", "floor agent", "tlsdiag"};

            for (String agent : agents) {
                runChild(base, agent, port, "1", "0"); // warm the file cache for each
            }
            for (String workMs : new String[] {"0", "1000"}) {
                List<List<Double>> main = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                List<List<Double>> first = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (int i = 0; i < startupRounds; i++) {
                    for (int a = 0; a < agents.length; a++) {
                        double[] r = runChild(base, agents[a], port, "1", workMs);
                        main.get(a).add(r[0]);
                        first.get(a).add(r[1]);
                    }
                }
                System.out.printf("startup: JVM start to first completed handshake, %s, median of %d runs each%n",
                        workMs.equals("0") ? "handshake at once" : "after " + workMs + " ms of application startup work",
                        startupRounds);
                System.out.printf("                main() starts   first handshake%n");
                for (int a = 0; a < agents.length; a++) {
                    System.out.printf("  %-12s %9.1f ms %14.1f ms%n", names[a], median(main.get(a)),
                            median(first.get(a)));
                }
                double none = median(first.get(0));
                double tlsdiag = median(first.get(2));
                System.out.printf("  added        %+7.1f ms (ratio %.2f) over no agent, %+.1f ms over the floor agent%n",
                        tlsdiag - none, tlsdiag / none, tlsdiag - median(first.get(1)));
            }
            String n = String.valueOf(handshakes);
            loop("SSLSocket, against a local server", base, agents, loopRounds, handshakes, port, n, "0");
            loop("SSLEngine, two engines in memory", base, agents, loopRounds, handshakes,
                    "engine", keyStore.toString(), KEYSTORE_PASSWORD, n);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The password of the key stores {@link #writeKeyStore} writes. */
    public static final String KEYSTORE_PASSWORD = "bench";

    /** Handshakes 2..N of one child, no agent against tlsdiag, alternating. */
    private static void loop(String what, List<String> base, String[] agents, int rounds, int handshakes,
                             String... args) throws Exception {
        List<Double> plain = new ArrayList<>();
        List<Double> agent = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            plain.add(runChild(base, agents[0], args)[2]);
            agent.add(runChild(base, agents[2], args)[2]);
        }
        double p = median(plain);
        double a = median(agent);
        System.out.printf("successful handshakes, %s: %d full handshakes per run, median of %d runs each%n",
                what, handshakes - 1, rounds);
        System.out.printf("  no agent   %7.3f ms/handshake%n  tlsdiag    %7.3f ms/handshake%n  throughput %.3f of no agent%n",
                p / (handshakes - 1), a / (handshakes - 1), p / a);
    }

    /** A jar holding only {@link FloorAgent}, as its Premain-Class. */
    private static Path writeFloorAgent(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", FloorAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String name : new String[] {"FloorAgent", "FloorAgent$1"}) {
                String entry = FloorAgent.class.getPackageName().replace('.', '/') + "/" + name + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = FloorAgent.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A PKCS12 key store holding {@code identity}'s key and chain as alias "server", for a benchmark's server. */
    public static Path writeKeyStore(DemoPki pki, String identity, Path file) throws Exception {
        DemoPki.Identity id = pki.identity(identity);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", id.key(), KEYSTORE_PASSWORD.toCharArray(), id.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, KEYSTORE_PASSWORD.toCharArray());
        }
        return file;
    }

    /** Returns {ms from process start to MAIN_STARTED, to FIRST_HANDSHAKE_DONE, ms of the handshake loop}. */
    private static double[] runChild(List<String> base, String agentArg, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(base.subList(0, 1));
        if (agentArg != null) {
            cmd.add(agentArg);
        }
        cmd.addAll(base.subList(1, base.size()));
        cmd.add(HandshakeClient.class.getName());
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double main = -1;
        double first = -1;
        double loop = -1;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.equals("MAIN_STARTED")) {
                    main = (System.nanoTime() - start) / 1e6;
                } else if (line.equals("FIRST_HANDSHAKE_DONE")) {
                    first = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith("LOOP_NANOS=")) {
                    loop = Long.parseLong(line.substring("LOOP_NANOS=".length())) / 1e6;
                }
            }
        }
        if (p.waitFor() != 0 || first < 0) {
            throw new IllegalStateException("benchmark child failed: " + cmd + "\n" + all);
        }
        return new double[] {main, first, loop};
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
