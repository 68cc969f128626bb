package io.tlsdiag.agent.diagnosis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a rule concluded: the category, the certificate at fault, one plain sentence, and what to do. */
public final class Verdict {
    public final Category category;
    /** Index into the presented chain, or null when no single certificate is at fault. */
    public final Integer failingIndex;
    public final String summary;
    /** Server side first; never "turn verification off". */
    public final List<String> remediation;

    public Verdict(Category category, Integer failingIndex, String summary, List<String> remediation) {
        this.category = category;
        this.failingIndex = failingIndex;
        this.summary = summary;
        this.remediation = Collections.unmodifiableList(new ArrayList<String>(remediation));
    }
}
