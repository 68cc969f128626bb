package io.tlsdiag.agent.util;

import java.lang.reflect.Constructor;
import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Threads of the agent's own. The agent starts them lazily, often on an application thread (the first failure starts
 * the writer), and a new Thread inherits from the thread that creates it: its context class loader, its inheritable
 * thread-locals and (up to JDK 23) the access control context of every frame on the creating stack, each of which
 * can hold a web application's class loader for as long as the agent's thread lives. Threads made here inherit none
 * of them: the agent's own loader as context loader, no inherited thread-locals (JDK 9+), and an access control
 * context taken inside {@code doPrivileged}, where it holds the agent's protection domain only.
 */
public final class AgentThreads {

    /** {@code Thread(ThreadGroup, Runnable, String, long, boolean inheritThreadLocals)}, JDK 9+; null before. */
    private static final Constructor<Thread> WITHOUT_INHERITED_LOCALS = constructor();

    private AgentThreads() {
    }

    /** A new, unstarted thread that holds nothing of the thread creating it. */
    public static Thread newThread(final String name, final Runnable task, final boolean daemon) {
        PrivilegedAction<Thread> make = new PrivilegedAction<Thread>() {
            @Override
            public Thread run() {
                Thread t = create(name, task);
                t.setDaemon(daemon);
                t.setContextClassLoader(AgentThreads.class.getClassLoader());
                return t;
            }
        };
        try {
            return AccessController.doPrivileged(make);
        } catch (LinkageError noAccessController) {
            return make.run(); // a JDK without AccessController has no inherited access control context either
        }
    }

    private static Thread create(String name, Runnable task) {
        if (WITHOUT_INHERITED_LOCALS != null) {
            try {
                return WITHOUT_INHERITED_LOCALS.newInstance(null, task, name, 0L, false);
            } catch (Exception fallBack) {
                // cannot happen for a public JDK constructor; the plain one below still works
            }
        }
        return new Thread(task, name);
    }

    private static Constructor<Thread> constructor() {
        try {
            return Thread.class.getConstructor(ThreadGroup.class, Runnable.class, String.class, long.class,
                    boolean.class);
        } catch (Exception java8) {
            return null;
        }
    }
}
