package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.diagnosis.Certs;
import io.tlsdiag.agent.diagnosis.Verdict;
import io.tlsdiag.agent.handshake.HandshakeFailure;
import io.tlsdiag.agent.util.AgentLog;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Emits each failed handshake as a JDK Flight Recorder event {@code tlsdiag.HandshakeFailure}, so JDK Mission
 * Control shows TLS failures next to everything else (the JDK's own jdk.TLSHandshake event covers only successful
 * handshakes). The event type is made at run time with {@code jdk.jfr.EventFactory} (JDK 12+), by reflection: the
 * agent is Java 8 bytecode. Where JFR or the factory is missing, this does nothing. Commits are cheap when no
 * recording is running. Writer thread only.
 */
final class JfrEvents {

    static final String EVENT_NAME = "tlsdiag.HandshakeFailure";

    private static final String[] FIELDS = {"category", "peerHost", "peerPort", "failingCertificateSubject",
            "summary", "exceptionType", "exceptionMessage", "applicationStack", "incidentId"};

    private final Object factory;
    private final Method newEvent;
    private final Method set;
    private final Method commit;

    private JfrEvents(Object factory, Method newEvent, Method set, Method commit) {
        this.factory = factory;
        this.newEvent = newEvent;
        this.set = set;
        this.commit = commit;
    }

    private static JfrEvents instance;

    /** One event type per JVM, however many writers a re-configured agent makes. */
    static synchronized JfrEvents get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static JfrEvents create() {
        try {
            Class<?> annotationElement = Class.forName("jdk.jfr.AnnotationElement");
            Constructor<?> element = annotationElement.getConstructor(Class.class, Object.class);
            Class<?> valueDescriptor = Class.forName("jdk.jfr.ValueDescriptor");
            Constructor<?> field = valueDescriptor.getConstructor(Class.class, String.class, List.class);
            Class<?> label = Class.forName("jdk.jfr.Label");
            List<Object> type = new ArrayList<Object>();
            type.add(element.newInstance(Class.forName("jdk.jfr.Name"), EVENT_NAME));
            type.add(element.newInstance(label, "TLS Handshake Failure"));
            type.add(element.newInstance(Class.forName("jdk.jfr.Category"), new String[] {"tlsdiag", "Security"}));
            type.add(element.newInstance(Class.forName("jdk.jfr.Description"),
                    "A failed TLS handshake, diagnosed by tlsdiag (see the incident file for the full evidence)"));
            List<Object> fields = new ArrayList<Object>();
            for (String name : FIELDS) {
                Class<?> t = name.equals("peerPort") ? int.class : String.class;
                fields.add(field.newInstance(t, name, Collections.singletonList(element.newInstance(label, name))));
            }
            Class<?> eventFactory = Class.forName("jdk.jfr.EventFactory");
            Object factory = eventFactory.getMethod("create", List.class, List.class).invoke(null, type, fields);
            Class<?> event = Class.forName("jdk.jfr.Event");
            return new JfrEvents(factory, eventFactory.getMethod("newEvent"),
                    event.getMethod("set", int.class, Object.class), event.getMethod("commit"));
        } catch (ClassNotFoundException noJfr) {
            return new JfrEvents(null, null, null, null);
        } catch (Throwable t) {
            AgentLog.failure("JFR event setup", t);
            return new JfrEvents(null, null, null, null);
        }
    }

    /**
     * Called right after diagnosis, before any JSON or file work, so the event is committed as early as the writer
     * can: a JFR recording dumped at JVM exit only has what was committed before its own shutdown hook ran.
     */
    void emit(HandshakeFailure f, Verdict v, String id, List<StackTraceElement> stack) {
        if (factory == null || v.category.isFinding()) {
            return;
        }
        try {
            Object event = newEvent.invoke(factory);
            String subject = v.failingIndex != null && v.failingIndex < f.chain.length
                    ? Certs.subject(f.chain[v.failingIndex]) : null;
            List<Object> values = Arrays.<Object>asList(v.category.name(), f.peerHost, Math.max(f.peerPort, 0),
                    subject, v.summary, f.exception == null ? null : f.exception.getClass().getName(),
                    f.exception == null ? null : f.exception.getMessage(), stack(stack), id);
            for (int i = 0; i < values.size(); i++) {
                set.invoke(event, i, values.get(i));
            }
            commit.invoke(event);
        } catch (Throwable t) {
            AgentLog.failure("JFR event", t);
        }
    }

    private static String stack(List<StackTraceElement> frames) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement f : frames) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }
}
