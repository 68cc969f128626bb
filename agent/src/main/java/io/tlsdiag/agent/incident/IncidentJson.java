package io.tlsdiag.agent.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tlsdiag.agent.diagnosis.Evidence;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.handshake.RequestSubmission;
import io.tlsdiag.agent.util.AgentVersion;

import java.security.SecureRandom;
import java.util.Locale;

/** Builds the incident document; its field names are the contract described in docs/incident.schema.json. */
final class IncidentJson {

    static final int SCHEMA_VERSION = 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private volatile ObjectNode jvm;

    /** A sortable, unique id: time, category, randomness. */
    static String newId(HandshakeFailure f, Verdict v) {
        return Iso.compact(f.timeMillis) + "-" + v.category.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
    }

    /**
     * The application's stack for the incident. An engine's handshake runs wherever its library drives it (an event
     * loop, a selector thread), so for an engine the stack is where the application created it: the code that set up
     * TLS for that client or server (its connect path, its channel initializer). The thread that saw the failure is
     * kept apart. For a server's engine made from a Netty SslContext, it is where that context was built. A socket's
     * failure, or an engine created where no code outside the JDK was on the stack, shows the failing thread itself.
     * Where a library recorded the thread that asked for the connection (a Netty client channel is created there, and
     * its engine later on an event loop), that thread's stack is the application's call.
     */
    static Stack stackOf(HandshakeFailure f, int maxStackDepth) {
        java.util.List<StackTraceElement> frames = StackFilter.application(f.stack(), maxStackDepth);
        if (f.setup != null && "server".equals(f.role)) {
            // A server's engines are all created alike on its event loop (gRPC's inside gRPC): the code that set up
            // TLS for the server, with its certificate and its client-certificate policy, is what to look at.
            return new Stack(StackFilter.application(f.setup, maxStackDepth), "tls-context-setup", frames);
        }
        if (f.requested != null) {
            // The thread that asked for the connection, before any hand-off to an event loop; or where the
            // application submitted the request that a library's own thread opened the connection for.
            return new Stack(StackFilter.application(f.requested.getStackTrace(), maxStackDepth),
                    askedHow(f.requested), frames);
        }
        if (f.origin != null) {
            java.util.List<StackTraceElement> created = StackFilter.application(f.origin.getStackTrace(), maxStackDepth);
            if (StackFilter.hasApplicationFrame(created) || !StackFilter.hasApplicationFrame(frames)) {
                return new Stack(created, "engine-creation", frames);
            }
        }
        return new Stack(frames, "failure", null);
    }

    private static String askedHow(Throwable requested) {
        return requested instanceof RequestSubmission ? "request-submission" : "connection-request";
    }

    /**
     * An incident whose first occurrence showed a library thread (its request was not followed: see AsyncRequests'
     * budget) gets the call site a repeat brought: that stack becomes {@code stack}, the library thread's moves to
     * {@code failingThreadStack}, and {@code stackFromRepeat} says so.
     */
    static void callSiteFromRepeat(ObjectNode incident, Aggregate.LateCallSite late, int maxStackDepth) {
        if ("failure".equals(incident.path("stackOrigin").asText()) && incident.has("stack")) {
            incident.set("failingThreadStack", incident.get("stack"));
        }
        frames(incident.putArray("stack"), StackFilter.application(late.frames, maxStackDepth));
        incident.put("stackOrigin", late.origin);
        incident.put("stackFromRepeat", true);
    }

    /** A repeat's call site as frames, built on the application's thread once per incident. */
    static Aggregate.LateCallSite lateCallSite(Throwable requested) {
        return new Aggregate.LateCallSite(requested.getStackTrace(), askedHow(requested));
    }

    static final class Stack {
        final java.util.List<StackTraceElement> frames;
        final String origin;
        /** The failing thread's own frames when {@link #frames} come from elsewhere; null otherwise. */
        final java.util.List<StackTraceElement> failingThread;

        Stack(java.util.List<StackTraceElement> frames, String origin, java.util.List<StackTraceElement> failingThread) {
            this.frames = frames;
            this.origin = origin;
            this.failingThread = failingThread;
        }

        /** Whether the frames are the thread's that asked for the connection or set up TLS, across any hand-off. */
        boolean fromAskingThread() {
            return !"failure".equals(origin) && !"engine-creation".equals(origin);
        }
    }

    ObjectNode build(String id, HandshakeFailure f, Evidence e, Verdict v, ObjectNode trust, Stack stack) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("schemaVersion", SCHEMA_VERSION);
        n.put("id", id);
        n.put("time", Iso.instant(f.timeMillis));
        n.put("kind", v.category.isFinding() ? "finding" : "failure");
        n.put("role", e.role());
        n.put("category", v.category.name());
        n.put("summary", v.summary);
        counts(n, 1, f.timeMillis, f.timeMillis);
        ObjectNode peer = n.putObject("peer");
        peer.put("host", f.peerHost);
        if (f.peerPort > 0) {
            peer.put("port", f.peerPort);
        } else {
            peer.putNull("port");
        }
        peer.put("address", f.peerAddress);
        n.set("exception", exception(f.exception));
        ArrayNode chain = n.putArray("chain");
        for (int i = 0; i < f.chain.length; i++) {
            chain.add(CertificateJson.describe(f.chain[i], i));
        }
        if (v.failingIndex == null) {
            n.putNull("failingCertificateIndex");
        } else {
            n.put("failingCertificateIndex", v.failingIndex);
        }
        n.set("trust", trust);
        ObjectNode diagnosis = n.putObject("diagnosis");
        diagnosis.put("rule", v.rule);
        diagnosis.setAll((ObjectNode) MAPPER.valueToTree(v.evidence));
        ObjectNode handshake = n.putObject("handshake");
        handshake.put("alert", f.alert);
        handshake.put("alertDirection", f.alert == null ? null : f.alertReceived ? "received" : "sent");
        handshake.put("detectedBy", f.source.name().toLowerCase(Locale.ROOT));
        handshake.put("negotiatedProtocol", f.negotiatedProtocol);
        if (f.enabledProtocols != null) {
            ArrayNode protocols = handshake.putArray("enabledProtocols");
            for (String p : f.enabledProtocols) {
                protocols.add(p);
            }
        }
        if (f.clientAuth != null) {
            ObjectNode auth = handshake.putObject("clientCertificate");
            auth.put("requested", true);
            auth.put("keyManager", f.clientAuth.keyManager);
            auth.put("sentAlias", f.clientAuth.alias);
        }
        if (f.hostnameVerifier != null) {
            handshake.put("hostnameVerifier", f.hostnameVerifier);
        }
        n.put("stackOrigin", stack.origin);
        frames(n.putArray("stack"), stack.frames);
        if (stack.failingThread != null) {
            frames(n.putArray("failingThreadStack"), stack.failingThread);
        }
        n.put("thread", f.threadName);
        ArrayNode remediation = n.putArray("remediation");
        for (String r : v.remediation) {
            remediation.add(r);
        }
        n.set("jvm", jvm());
        n.putObject("agent").put("version", AgentVersion.get());
        return n;
    }

    /** Repeats of the same failure within the de-duplication window: how many, first and last. */
    static void counts(ObjectNode n, long occurrences, long firstSeen, long lastSeen) {
        n.put("occurrences", occurrences);
        n.put("firstSeen", Iso.instant(firstSeen));
        n.put("lastSeen", Iso.instant(Math.max(firstSeen, lastSeen)));
    }

    private static void frames(ArrayNode into, java.util.List<StackTraceElement> frames) {
        for (StackTraceElement el : frames) {
            ObjectNode frame = into.addObject();
            frame.put("className", el.getClassName());
            frame.put("methodName", el.getMethodName());
            frame.put("fileName", el.getFileName());
            frame.put("lineNumber", el.getLineNumber());
        }
    }

    private static ObjectNode exception(Throwable t) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (t == null) {
            node.putNull("type");
            node.putNull("message");
            node.putArray("causes");
            return node;
        }
        node.put("type", t.getClass().getName());
        node.put("message", t.getMessage());
        ArrayNode causes = node.putArray("causes");
        int guard = 0;
        for (Throwable c = t.getCause(); c != null && c != t && guard++ < 16; c = c.getCause()) {
            ObjectNode cause = causes.addObject();
            cause.put("type", c.getClass().getName());
            cause.put("message", c.getMessage());
        }
        return node;
    }

    private ObjectNode jvm() {
        ObjectNode j = jvm;
        if (j == null) {
            j = JsonNodeFactory.instance.objectNode();
            j.put("version", System.getProperty("java.version"));
            j.put("vendor", System.getProperty("java.vendor"));
            j.put("pid", pid());
            jvm = j;
        }
        return j.deepCopy();
    }

    static long pid() {
        try {
            // ProcessHandle is Java 9+; the agent is Java 8 bytecode.
            Class<?> handle = Class.forName("java.lang.ProcessHandle");
            Object current = handle.getMethod("current").invoke(null);
            return (Long) handle.getMethod("pid").invoke(current);
        } catch (Exception java8) {
            // Not RuntimeMXBean.getName(): on Java 8 it looks up this host's name, and the agent makes no look-ups.
            try {
                return Long.parseLong(new java.io.File("/proc/self").getCanonicalFile().getName());
            } catch (Exception notLinux) {
                return -1;
            }
        }
    }


}
