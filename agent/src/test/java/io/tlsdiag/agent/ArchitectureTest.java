package io.tlsdiag.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of the agent jar form layers: a package may use the packages below it, never one above it, so there
 * is no package cycle. Read from the compiled classes (every class a class file names: calls, fields, parameter and
 * return types, casts, super types, annotations) and, for the compile-time constants javac copies into the class that
 * uses them, from the sources' imports. docs/architecture.md draws the same layers.
 */
class ArchitectureTest {

    /**
     * Top to bottom. A package may depend only on packages listed after it. A new package must be placed here.
     * {@code io.tlsdiag.bootstrap} holds what JDK classes' advice may see, so it uses nothing of tlsdiag.
     */
    static final List<String> LAYERS = List.of(
            "io.tlsdiag.cli",                      // the command line: reads what the agent publishes
            "io.tlsdiag.agent",                    // wiring: premain/agentmain, AgentRuntime, AgentOptions
            "io.tlsdiag.agent.install",            // weaving the hooks into JSSE
            "io.tlsdiag.agent.advice",             // the code woven into JDK classes
            "io.tlsdiag.agent.hook",               // facts gathered on the application's thread
            "io.tlsdiag.agent.incident",           // queue, de-duplication, JSON, files, JFR
            "io.tlsdiag.agent.ops",                // log line, MXBean: plain values only
            "io.tlsdiag.agent.diagnosis.rules",    // one rule per category, and their order
            "io.tlsdiag.agent.diagnosis",          // evidence, verdicts, certificate helpers
            "io.tlsdiag.agent.handshake",          // the facts of one failed handshake
            "io.tlsdiag.agent.util",               // logging, threads, names shared with the command line
            "io.tlsdiag.bootstrap");

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(io\\.tlsdiag\\.[\\w.]+?)\\.[A-Z]",
            Pattern.MULTILINE);

    @Test
    void thePackagesHaveNoCycle() throws Exception {
        Map<String, Map<String, Set<String>>> graph = dependencies();
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                cycles.add(describe(component, graph));
            }
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    @Test
    void noPackageUsesALayerAboveIt() throws Exception {
        Map<String, Map<String, Set<String>>> graph = dependencies();
        List<String> unplaced = new ArrayList<>();
        List<String> upward = new ArrayList<>();
        for (Map.Entry<String, Map<String, Set<String>>> from : graph.entrySet()) {
            int layer = LAYERS.indexOf(from.getKey());
            if (layer < 0) {
                unplaced.add(from.getKey());
                continue;
            }
            for (Map.Entry<String, Set<String>> to : from.getValue().entrySet()) {
                int target = LAYERS.indexOf(to.getKey());
                if (target >= 0 && target <= layer) {
                    upward.add(from.getKey() + " -> " + to.getKey() + " " + examples(to.getValue()));
                }
            }
        }
        assertEquals(List.of(), unplaced, "packages not placed in ArchitectureTest.LAYERS");
        assertEquals(List.of(), upward, "dependencies on a layer above (or beside)");
    }

    /** The check can fail: it sees a dependency through a field type alone, and it finds a cycle. */
    @Test
    void theChecksSeeWhatTheyLookFor() throws Exception {
        Path self = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassFiles.References holder = ClassFiles.read(self.resolve("io/tlsdiag/agent/ArchitectureTest$FieldOnly.class"));
        assertTrue(holder.classes.contains("io/tlsdiag/agent/hook/Hooks"), holder.classes.toString());

        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        edge(graph, "a", "b", "A", "B");
        edge(graph, "b", "c", "B", "C");
        edge(graph, "c", "a", "C", "A");
        edge(graph, "c", "d", "C", "D");
        List<Set<String>> cyclic = stronglyConnected(graph).stream().filter(s -> s.size() > 1).toList();
        assertEquals(List.of(Set.of("a", "b", "c")), cyclic);
        assertTrue(describe(cyclic.get(0), graph).contains("c -> a [C -> A]"), describe(cyclic.get(0), graph));
    }

    /** Only here so the scan can be shown to see a type used by nothing but a field. */
    @SuppressWarnings("unused")
    private static final class FieldOnly {
        io.tlsdiag.agent.hook.Hooks hooks;
    }

    /** package -> package it uses -> "Class -> Class" examples, for every io.tlsdiag package of the agent jar. */
    static Map<String, Map<String, Set<String>>> dependencies() throws Exception {
        Path classes = ClassFiles.agentClasses();
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        int scanned = 0;
        for (Path file : ClassFiles.under(classes.resolve("io/tlsdiag"))) {
            scanned++;
            String self = classes.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
            String from = ClassFiles.packageOf(self);
            graph.computeIfAbsent(from, k -> new TreeMap<>());
            for (String used : ClassFiles.read(file).classes) {
                String to = ClassFiles.packageOf(used);
                if (used.startsWith("io/tlsdiag/") && !to.equals(from)) {
                    edge(graph, from, to, simple(self), simple(used));
                }
            }
        }
        assertTrue(scanned > 100, "expected the agent's classes under " + classes + ", found " + scanned);
        addImports(classes.getParent().getParent().resolve("src/main/java"), graph);
        return graph;
    }

    /**
     * javac copies a compile-time constant ({@code static final String X = "..."}) into the class that uses it, so
     * the class file no longer names the class that declares it; the source's import still does.
     */
    private static void addImports(Path sources, Map<String, Map<String, Set<String>>> graph) throws IOException {
        if (!Files.isDirectory(sources)) {
            return; // classes without their sources (not this build): the class files are all there is
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String path = sources.relativize(file).toString().replace('\\', '/');
                String from = ClassFiles.packageOf(path);
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        edge(graph, from, m.group(1), path.substring(path.lastIndexOf('/') + 1), "import " + m.group(1));
                    }
                }
            }
        }
    }

    private static void edge(Map<String, Map<String, Set<String>>> graph, String from, String to, String fromClass,
                             String toClass) {
        graph.computeIfAbsent(to, k -> new TreeMap<>());
        graph.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                .add(fromClass + " -> " + toClass);
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    /** The edges inside one cycle, with the classes that make each. */
    private static String describe(Set<String> component, Map<String, Map<String, Set<String>>> graph) {
        StringBuilder sb = new StringBuilder("cycle among " + component + ":");
        for (String from : component) {
            for (Map.Entry<String, Set<String>> to : graph.get(from).entrySet()) {
                if (component.contains(to.getKey())) {
                    sb.append("\n  ").append(from).append(" -> ").append(to.getKey()).append(' ')
                            .append(examples(to.getValue()));
                }
            }
        }
        return sb.toString();
    }

    /** A few of the class dependencies that make a package dependency, enough to find them. */
    private static String examples(Set<String> classDependencies) {
        List<String> some = classDependencies.stream().limit(3).toList();
        int more = classDependencies.size() - some.size();
        return some + (more > 0 ? " and " + more + " more" : "");
    }

    /** Tarjan's strongly connected components: a component of more than one package is a cycle. */
    static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
