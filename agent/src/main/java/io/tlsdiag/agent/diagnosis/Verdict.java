package io.tlsdiag.agent.diagnosis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a rule concluded: the category, the certificate at fault, one plain sentence, and what to do. */
public final class Verdict {
    public final Category category;
    /** Index into the presented chain, or null when no single certificate is at fault. */
    public final Integer failingIndex;
    public final String summary;
    /** Server side first; never "turn verification off". */
    public final List<String> remediation;
    /**
     * The evidence behind the verdict, written as the incident's {@code diagnosis} object: field names are stable
     * per category (see docs/incident.schema.json); values are strings, numbers, booleans, lists and maps.
     */
    public final Map<String, Object> evidence = new LinkedHashMap<String, Object>();
    /** The rule class that decided (set by the Diagnoser). */
    public String rule;

    public Verdict(Category category, Integer failingIndex, String summary, List<String> remediation) {
        this.category = category;
        this.failingIndex = failingIndex;
        this.summary = summary;
        this.remediation = Collections.unmodifiableList(new ArrayList<String>(remediation));
    }

    /** Adds one piece of evidence; returns this, so rules can chain. */
    public Verdict with(String field, Object value) {
        evidence.put(field, value);
        return this;
    }
}
