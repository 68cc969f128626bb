package io.tlsdiag.demo.bench;


import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The agent's cost under a failure storm ({@link SelfStorm}), against no agent, alternating in one run: CPU time
 * per failed handshake, heap in use after the storm, and whether the incidents count every failure exactly.
 *
 * <pre>StormBench AGENT_JAR JAVA [rounds] [threads] [handshakes] [addresses]</pre>
 */
public final class StormBench {

    private static final long SETTLE_MS = 2500; // the agent's writer flushes counts every second

    private StormBench() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String java = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int handshakes = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        int addresses = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Path dir = Files.createTempDirectory("tlsdiag-storm");
        List<String> base = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"));
        System.out.printf("storm: %d client threads, %d failing handshakes (expired server chain) from %d client "
                + "address(es), client and server in one JVM; %d rounds each, alternating%n",
                threads, handshakes, addresses, rounds);
        List<Double> cpuPlain = new ArrayList<>();
        List<Double> cpuAgent = new ArrayList<>();
        List<Double> heapPlain = new ArrayList<>();
        List<Double> heapAgent = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Map<String, Long> plain = run(base, null, threads, handshakes, addresses);
            Path out = dir.resolve("incidents-" + r);
            Map<String, Long> agent = run(base, "-javaagent:" + agentJar + "=output=" + out, threads, handshakes,
                    addresses);
            cpuPlain.add(plain.get("CPU_MS") / (double) handshakes);
            cpuAgent.add(agent.get("CPU_MS") / (double) handshakes);
            heapPlain.add(plain.get("HEAP_BYTES") / 1048576.0);
            heapAgent.add(agent.get("HEAP_BYTES") / 1048576.0);
            System.out.printf("  round %d: %s%n", r + 1, counts(out, agent.get("FAILED")));
        }
        double cp = Bench.median(cpuPlain);
        double ca = Bench.median(cpuAgent);
        System.out.printf("  CPU per failed handshake  no agent %.3f ms, with agent %.3f ms, ratio %.3f%n", cp, ca,
                ca / cp);
        System.out.printf("  heap in use after the storm  no agent %.1f MB, with agent %.1f MB, agent %+.1f MB%n",
                Bench.median(heapPlain), Bench.median(heapAgent), Bench.median(heapAgent) - Bench.median(heapPlain));
    }

    /** Incidents, occurrences by role, evictions: the agent's account of the storm. */
    private static String counts(Path out, long failed) throws Exception {
        Map<String, Long> occurrences = new HashMap<>();
        Map<String, Long> incidents = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                String i = Files.readString(p);
                String role = field(i, "role").replace("\"", "");
                occurrences.merge(role, Long.parseLong(field(i, "occurrences")), Long::sum);
                incidents.merge(role, 1L, Long::sum);
            }
        }
        Path evicted = out.resolve(".tlsdiag-evicted");
        String e = Files.exists(evicted) ? Files.readString(evicted).trim() : "0";
        return String.format("%d failed; client side %d incident(s), %d occurrences; server side %d incident(s), "
                + "%d occurrences; %s evicted", failed, incidents.getOrDefault("client", 0L),
                occurrences.getOrDefault("client", 0L), incidents.getOrDefault("server", 0L),
                occurrences.getOrDefault("server", 0L), e);
    }

    /** A top-level scalar of an incident file (the agent writes one "key" : value per line). */
    private static String field(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n  \"" + key + "\" : ([^,\n]+)").matcher(json);
        return m.find() ? m.group(1).trim() : "0";
    }

    private static Map<String, Long> run(List<String> base, String agentArg, int threads, int handshakes,
            int addresses) throws Exception {
        List<String> cmd = new ArrayList<>(base.subList(0, 1));
        if (agentArg != null) {
            cmd.add(agentArg);
        }
        cmd.addAll(base.subList(1, base.size()));
        cmd.addAll(List.of(SelfStorm.class.getName(), String.valueOf(threads), String.valueOf(handshakes),
                String.valueOf(addresses), String.valueOf(SETTLE_MS)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Long> values = new HashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
                    values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
            }
        }
        if (p.waitFor() != 0 || !values.containsKey("HEAP_BYTES")) {
            throw new IllegalStateException("storm child failed: " + cmd + "\n" + all);
        }
        return values;
    }
}
