package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.AgentOptions;
import io.tlsdiag.agent.diagnosis.Diagnoser;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.hook.HandshakeFailure;
import io.tlsdiag.agent.util.AgentLog;

import java.io.IOException;

/**
 * Turns a failure into an incident, on the writer thread: diagnosis, JSON, the file, the stream line, the JFR event.
 * An unwritable directory or a full disk is reported once; the application never notices.
 */
final class IncidentWriter {

    enum Outcome { WRITTEN, NOTHING_TO_REPORT, FAILED }

    private final AgentOptions options;
    private final ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectMapper compact = new ObjectMapper();
    private final IncidentJson json = new IncidentJson();
    private final TrustSource trustSource = new TrustSource();
    private final IncidentStore store;
    private final JfrEvents jfr = JfrEvents.get();

    IncidentWriter(AgentOptions options) {
        this.options = options;
        this.store = new IncidentStore(options.outputDirectory().toPath(), options.maxIncidents(), options.maxBytes());
    }

    Outcome write(HandshakeFailure failure, Aggregate aggregate) {
        Evidence evidence = new Evidence(failure);
        evidence.expiryWarningDays(options.expiryWarningDays());
        ObjectNode trust = trustSource.describe(failure, evidence);
        if (trust.has("type")) {
            evidence.trustStore(trust.get("source").asText(), trust.get("type").asText());
        }
        Verdict verdict = Diagnoser.diagnose(evidence);
        if (verdict == null) {
            return Outcome.NOTHING_TO_REPORT;
        }
        String id = IncidentJson.newId(failure, verdict);
        IncidentJson.Stack stack = IncidentJson.stackOf(failure, options.maxStackDepth());
        jfr.emit(failure, verdict, id, stack.frames);
        ObjectNode incident = json.build(id, failure, evidence, verdict, trust, stack);
        IncidentJson.counts(incident, aggregate.occurrences(), aggregate.firstSeen, aggregate.lastSeen());
        try {
            aggregate.document = incident;
            aggregate.writtenOccurrences = aggregate.occurrences();
            aggregate.file = store.writeNew(incident.get("id").asText(), bytes(incident), line(incident));
            return Outcome.WRITTEN;
        } catch (Exception e) {
            warn(e);
            return Outcome.FAILED;
        }
    }

    /** Brings an incident's counts up to date, when repeats arrived since it was last written. */
    void update(Aggregate aggregate) {
        long now = aggregate.occurrences();
        if (aggregate.file == null || now == aggregate.writtenOccurrences) {
            return;
        }
        IncidentJson.counts(aggregate.document, now, aggregate.firstSeen, aggregate.lastSeen());
        aggregate.writtenOccurrences = now;
        try {
            store.rewrite(aggregate.file, bytes(aggregate.document), line(aggregate.document));
        } catch (Exception e) {
            warn(e);
        }
    }

    long evicted() {
        return store.evicted();
    }

    private byte[] bytes(ObjectNode incident) throws IOException {
        return pretty.writeValueAsBytes(incident);
    }

    private byte[] line(ObjectNode incident) throws IOException {
        byte[] json = compact.writeValueAsBytes(incident);
        byte[] withNewline = new byte[json.length + 1];
        System.arraycopy(json, 0, withNewline, 0, json.length);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    private void warn(Exception e) {
        AgentLog.warnOnce("write:" + options.outputDirectory(), "cannot write incidents to "
                + options.outputDirectory() + ": " + e + " (the application is not affected; further failures are "
                + "counted as dropped)");
    }
}
