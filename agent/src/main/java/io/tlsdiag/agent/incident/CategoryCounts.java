package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.diagnosis.Category;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Failures and findings by category, repeats included, for the MXBean. One per JVM (it outlives sinks replaced by a
 * re-attach). Application threads never touch it: a repeat is counted into its {@link Aggregate} with one increment,
 * and the writer thread, which knows the aggregate's category once it has diagnosed it, adds what the aggregate
 * counted since the last time ({@link IncidentSink}: at the incident, at each flush, about once a second, and when
 * the aggregate is let go).
 */
public final class CategoryCounts {

    private final AtomicLongArray counts = new AtomicLongArray(Category.values().length);

    void add(Category category, long occurrences) {
        counts.addAndGet(category.ordinal(), occurrences);
    }

    /** Every failure category, zeros included (a dashboard sees a series before its first failure), by name. */
    public Map<String, Long> failures() {
        return snapshot(false);
    }

    /** Every finding category, zeros included. */
    public Map<String, Long> findings() {
        return snapshot(true);
    }

    private Map<String, Long> snapshot(boolean findings) {
        Map<String, Long> out = new TreeMap<String, Long>();
        for (Category c : Category.values()) {
            if (c.isFinding() == findings) {
                out.put(c.name(), counts.get(c.ordinal()));
            }
        }
        return out;
    }
}
