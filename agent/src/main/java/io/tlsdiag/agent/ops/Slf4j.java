package io.tlsdiag.agent.ops;

import io.tlsdiag.agent.util.AgentLog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The application's own SLF4J, reached by reflection: tlsdiag neither bundles nor shades SLF4J, so its line goes
 * wherever the application's logging sends it (Logback, Log4j, a JSON appender shipping to ELK or Loki).
 *
 * <p>Looked up for each new incident, on the writer thread, never earlier: initialising SLF4J before the application
 * has configured it (at premain, say) would fix its configuration too early. Nothing is cached, so no web
 * application's class loader is held after its incident is announced; new incidents are rare (repeats never get
 * here), so the few reflective calls cost nothing that matters.
 *
 * <p>Where: first the context class loader of the application thread that failed (an application server gives each
 * thread its web application's loader, which sees that application's SLF4J; a plain application's is the system
 * loader), then the system class loader (a plain {@code java -cp} application).
 */
final class Slf4j {

    /** SLF4J's no-operation logger: what SLF4J without a binding (or with slf4j-nop) hands out. */
    private static final String NOP_LOGGER = "org.slf4j.helpers.NOPLogger";

    enum Outcome { LOGGED, NOT_FOUND, NO_BINDING, FAILED }

    private Slf4j() {
    }

    /**
     * Logs {@code message} at WARN under {@code loggerName} through the first SLF4J found. A no-operation logger
     * counts as found only when {@code acceptNop}: in {@code log=auto} its line would be lost, so it goes to stderr.
     */
    static Outcome warn(String loggerName, String message, ClassLoader context, boolean acceptNop) {
        Outcome outcome = Outcome.NOT_FOUND;
        ClassLoader system = systemLoader();
        ClassLoader[] candidates = context == null || context == system
                ? new ClassLoader[] {system} : new ClassLoader[] {context, system};
        for (ClassLoader loader : candidates) {
            if (loader == null) {
                continue;
            }
            Outcome o = warnThrough(loader, loggerName, message, acceptNop);
            if (o == Outcome.LOGGED || o == Outcome.FAILED) {
                return o;
            }
            if (o == Outcome.NO_BINDING) {
                outcome = o;
            }
        }
        return outcome;
    }

    private static Outcome warnThrough(ClassLoader loader, String loggerName, String message, boolean acceptNop) {
        Class<?> factory;
        try {
            factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
        } catch (ClassNotFoundException e) {
            return Outcome.NOT_FOUND;
        } catch (LinkageError e) {
            return Outcome.NOT_FOUND; // an incomplete or broken SLF4J: as good as none
        } catch (RuntimeException e) {
            return Outcome.NOT_FOUND; // e.g. a stopped web application's loader refusing to load
        }
        // Bindings that pick a logging context by the thread's context loader (Log4j's) find the application's.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        boolean switched = false;
        try {
            thread.setContextClassLoader(loader);
            switched = true;
            Object logger = factory.getMethod("getLogger", String.class).invoke(null, loggerName);
            if (logger == null) {
                return Outcome.NOT_FOUND;
            }
            if (!acceptNop && logger.getClass().getName().equals(NOP_LOGGER)) {
                return Outcome.NO_BINDING;
            }
            Method warn = Class.forName("org.slf4j.Logger", false, factory.getClassLoader())
                    .getMethod("warn", String.class);
            warn.invoke(logger, message);
            return Outcome.LOGGED;
        } catch (InvocationTargetException e) {
            // The application's logging threw: its problem, not the agent's; say so once and use stderr.
            AgentLog.warnOnce("slf4j-failed", "the application's SLF4J threw " + e.getCause()
                    + " when tlsdiag logged an incident (with log=auto, such lines go to stderr instead)");
            return Outcome.FAILED;
        } catch (Exception e) {
            return Outcome.NOT_FOUND; // not the SLF4J API we know (no getLogger(String) or warn(String))
        } catch (LinkageError e) {
            return Outcome.NOT_FOUND;
        } finally {
            if (switched) {
                thread.setContextClassLoader(before);
            }
        }
    }

    private static ClassLoader systemLoader() {
        try {
            return ClassLoader.getSystemClassLoader();
        } catch (SecurityException e) {
            return null;
        }
    }
}
