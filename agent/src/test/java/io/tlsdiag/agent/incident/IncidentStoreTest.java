package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.util.SharedNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The output directory's bounds, eviction order, shared use and recovery. */
class IncidentStoreTest {

    @TempDir
    Path dir;

    private static byte[] json(String id, long occurrences) {
        return ("{\n  \"id\" : \"" + id + "\",\n  \"occurrences\" : " + occurrences + "\n}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] line(String id) {
        return ("{\"id\":\"" + id + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<String> incidentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .sorted().toList();
        }
    }

    @Test
    void incidentsThatNeverRecurredAreEvictedBeforeOnesThatDid() throws Exception {
        IncidentStore store = new IncidentStore(dir, 2, Long.MAX_VALUE);
        Path storm = store.writeNew("20260101T000000000Z-a-storm", json("a", 1), line("a"));
        store.rewrite(storm, json("a", 3900), line("a"), true);
        store.writeNew("20260101T000001000Z-b-once", json("b", 1), line("b"));
        store.writeNew("20260101T000002000Z-c-once", json("c", 1), line("c"));
        assertEquals(List.of("20260101T000000000Z-a-storm.json", "20260101T000002000Z-c-once.json"), incidentFiles(),
                "the oldest incident recurred: the oldest one that did not goes first");
        store.writeNew("20260101T000003000Z-d-once", json("d", 1), line("d"));
        assertTrue(incidentFiles().contains("20260101T000000000Z-a-storm.json"));
        assertEquals(2, store.evicted());
        assertEquals("2", Files.readString(dir.resolve(SharedNames.EVICTED_FILE)).trim());
    }

    @Test
    void recurringIncidentsGoOnlyWhenNothingElseIsLeft() throws Exception {
        IncidentStore store = new IncidentStore(dir, 2, Long.MAX_VALUE);
        for (String id : List.of("20260101T000000000Z-a", "20260101T000001000Z-b", "20260101T000002000Z-c")) {
            Path p = store.writeNew(id, json(id, 1), line(id));
            store.rewrite(p, json(id, 2), line(id), true);
        }
        assertEquals(List.of("20260101T000001000Z-b.json", "20260101T000002000Z-c.json"), incidentFiles());
    }

    @Test
    void recurrenceOfEarlierRunsIsReadFromTheFiles() throws Exception {
        Files.write(dir.resolve("20250101T000000000Z-old-storm.json"), json("old", 500));
        Files.write(dir.resolve("20250101T000001000Z-old-once.json"), json("old2", 1));
        IncidentStore store = new IncidentStore(dir, 2, Long.MAX_VALUE);
        store.writeNew("20260101T000000000Z-new", json("n", 1), line("n"));
        assertEquals(List.of("20250101T000000000Z-old-storm.json", "20260101T000000000Z-new.json"), incidentFiles());
    }

    @Test
    void severalWritersShareOneDirectoryAndOneEvictionCount() throws Exception {
        int writers = 4;
        int each = 50;
        int max = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                // Each store is what one JVM has: its own view of the directory, its own temporary names.
                IncidentStore store = new IncidentStore(dir, max, Long.MAX_VALUE);
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < each; i++) {
                        String id = String.format("20260101T%06d000Z-w%d-%03d", i, writer, i);
                        store.writeNew(id, json(id, 1), line(id));
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(max, incidentFiles().size());
        long evicted = Long.parseLong(Files.readString(dir.resolve(SharedNames.EVICTED_FILE)).trim());
        assertEquals(writers * each - max, evicted, "every eviction counted once, by whichever writer made it");
        List<String> lines = Files.readAllLines(dir.resolve(SharedNames.STREAM_FILE));
        assertEquals(writers * each, lines.size());
        for (String l : lines) {
            assertTrue(l.matches("\\{\"id\":\"[^\"]+\"\\}"), "a whole line: " + l);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsUntilItCan() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the directory should be");
        IncidentStore store = new IncidentStore(blocker.resolve("incidents"), 10, Long.MAX_VALUE);
        assertThrows(IOException.class, () -> store.writeNew("20260101T000000000Z-x", json("x", 1), line("x")));
        Files.delete(blocker);
        Path written = store.writeNew("20260101T000000000Z-x", json("x", 1), line("x"));
        assertTrue(Files.isRegularFile(written));
    }

    @Test
    void anIncidentEvictedByAnotherWriterIsNotBroughtBack() throws Exception {
        IncidentStore mine = new IncidentStore(dir, 10, Long.MAX_VALUE);
        Path p = mine.writeNew("20260101T000000000Z-a", json("a", 1), line("a"));
        Files.delete(p); // another JVM evicted it
        assertFalse(mine.rewrite(p, json("a", 2), line("a"), true));
        assertFalse(Files.exists(p));
    }
}
