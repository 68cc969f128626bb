package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.OtherTrustSources;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.diagnosis.rules.Diagnoser;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.ops.NewIncident;
import io.tlsdiag.agent.util.AgentLog;

import java.io.IOException;
import java.lang.ref.WeakReference;

/**
 * Turns a failure into an incident, on the writer thread: diagnosis, JSON, the file, the stream line, the JFR event.
 * An unwritable directory or a full disk is reported once; the application never notices.
 */
final class IncidentWriter {

    enum Outcome { WRITTEN, NOTHING_TO_REPORT, DEFERRED }

    private final SinkOptions options;
    /** Told of each new incident (the log line, JMX); null in unit tests. */
    private final SinkOwner owner;
    private final ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectMapper compact = new ObjectMapper();
    private final IncidentJson json = new IncidentJson();
    private final TrustSource trustSource = new TrustSource();
    private final IncidentStore store;
    private final JfrEvents jfr = JfrEvents.get();
    /** The thread that built this writer: the writer thread, never the application's (tests check it). */
    final String builtOnThread = Thread.currentThread().getName();
    private boolean unusable;

    /** This writer's incidents whose counts may still move, by file name: a storm's incident is not evicted as a
     * one-off in the second between its first occurrence and the next count update. */
    private final java.util.Map<String, Aggregate> live = new java.util.HashMap<String, Aggregate>();

    IncidentWriter(SinkOptions options, SinkOwner owner) {
        this.options = options;
        this.owner = owner;
        this.store = new IncidentStore(options.outputDirectory().toPath(), options.maxIncidents(), options.maxBytes());
        this.store.recurrence(new IncidentStore.Recurrence() {
            @Override
            public boolean recurredSinceWritten(String fileName) {
                Aggregate a = live.get(fileName);
                return a != null && a.recurred();
            }
        });
    }

    /** An incident written by the writer this one replaced (same directory), whose counts this one now updates. */
    void adopt(Aggregate aggregate) {
        live.put(aggregate.file.getFileName().toString(), aggregate);
    }

    /** The sink no longer tracks this incident (its window closed, or it was evicted). */
    void forget(Aggregate aggregate) {
        if (aggregate.file != null) {
            live.remove(aggregate.file.getFileName().toString());
        }
    }

    Outcome write(HandshakeFailure failure, Aggregate aggregate) {
        Evidence evidence = new Evidence(failure);
        evidence.expiryWarningDays(options.expiryWarningDays());
        // Read (once per JVM and option value) only when a chain-trust failure asks for them.
        evidence.otherTrustSources(OtherTrustSources.forOption(options.osTrustStore()));
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
        aggregate.unwritten = json.build(id, failure, evidence, verdict, trust, stack);
        aggregate.callSite = failure.callSiteMissed && !stack.fromAskingThread()
                ? Aggregate.CALL_SITE_AWAITED : Aggregate.CALL_SITE_SETTLED;
        aggregate.category = verdict.category;
        boolean written = retry(aggregate);
        // Announced once written, so the id in the log line names a file; an incident that must wait for its
        // directory is announced all the same (then the log line is all there is to see for now).
        announce(failure, verdict, id, aggregate);
        return written ? Outcome.WRITTEN : Outcome.DEFERRED;
    }

    private void announce(HandshakeFailure failure, Verdict verdict, String id, Aggregate aggregate) {
        WeakReference<ClassLoader> loader = aggregate.contextLoader;
        aggregate.contextLoader = null;
        if (owner == null) {
            return;
        }
        String role = failure.role == null ? "client" : failure.role;
        owner.newIncident(new NewIncident(id, verdict.category.name(), verdict.category.isFinding(), role,
                NewIncident.peer(role, failure.peerHost, failure.peerAddress, failure.peerPort), verdict.summary,
                options.outputDirectory(), loader == null ? null : loader.get()));
    }

    /**
     * Writes an incident that is built but not yet on disk (the directory could not be written until now). True
     * once it is written; false while the directory is still unusable.
     */
    boolean retry(Aggregate aggregate) {
        ObjectNode incident = aggregate.unwritten;
        long occurrences = aggregate.occurrences();
        IncidentJson.counts(incident, occurrences, aggregate.firstSeen, aggregate.lastSeen());
        try {
            aggregate.file = store.writeNew(incident.get("id").asText(), bytes(incident), line(incident));
            live.put(aggregate.file.getFileName().toString(), aggregate);
            aggregate.writtenOccurrences = occurrences;
            aggregate.unwritten = null;
            usable();
            return true;
        } catch (Exception e) {
            unusable(e);
            return false;
        }
    }

    /**
     * Brings an incident's counts up to date, when repeats arrived since it was last written. The document is read
     * back from its file: the writer keeps no incident in memory. False when the incident is gone (evicted).
     */
    boolean update(Aggregate aggregate) {
        long now = aggregate.occurrences();
        if (aggregate.file == null) {
            return false;
        }
        Aggregate.LateCallSite lateCallSite = aggregate.lateCallSite.getAndSet(null);
        if (aggregate.callSite != Aggregate.CALL_SITE_AWAITED) {
            lateCallSite = null; // not needed: dropped
        }
        if (now == aggregate.writtenOccurrences && lateCallSite == null) {
            return true;
        }
        try {
            ObjectNode document = (ObjectNode) compact.readTree(aggregate.file.toFile());
            IncidentJson.counts(document, now, aggregate.firstSeen, aggregate.lastSeen());
            if (lateCallSite != null) {
                IncidentJson.callSiteFromRepeat(document, lateCallSite, options.maxStackDepth());
                aggregate.callSite = Aggregate.CALL_SITE_SETTLED;
            }
            boolean kept = store.rewrite(aggregate.file, bytes(document), line(document), aggregate.recurred());
            aggregate.writtenOccurrences = now;
            usable();
            return kept;
        } catch (java.io.FileNotFoundException evicted) {
            return false;
        } catch (java.nio.file.NoSuchFileException evicted) {
            return false;
        } catch (Exception e) {
            unusable(e); // counts stay behind and are written at the next flush
            return true;
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

    private void unusable(Exception e) {
        if (!unusable) {
            unusable = true;
            AgentLog.info("warning: cannot write incidents to " + options.outputDirectory() + ": " + e
                    + " (the application is not affected; incidents are kept in memory, up to "
                    + IncidentSink.MAX_DEFERRED + ", and written once the directory can be written again)");
        }
    }

    private void usable() {
        if (unusable) {
            unusable = false;
            AgentLog.info("incidents are written to " + options.outputDirectory() + " again");
        }
    }
}
