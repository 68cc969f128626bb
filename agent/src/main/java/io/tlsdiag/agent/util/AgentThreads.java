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
    private static final ThreadGroup GROUP = rootGroup();

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
                return WITHOUT_INHERITED_LOCALS.newInstance(GROUP, task, name, 0L, false);
            } catch (Exception fallBack) {
                // cannot happen for a public JDK constructor; the plain one below still works
            }
        }
        Thread t = new Thread(GROUP, task, name);
        forgetInheritedLocals(t);
        return t;
    }

    /** JDK 8 has no constructor without inherited thread-locals: drop the copied map before the thread starts. */
    private static void forgetInheritedLocals(Thread t) {
        try {
            java.lang.reflect.Field f = Thread.class.getDeclaredField("inheritableThreadLocals");
            f.setAccessible(true);
            f.set(t, null);
        } catch (Throwable notPossible) {
            // a JDK that refuses: the thread keeps the copy (a leak only if the application put its objects there)
        }
    }

    /**
     * The JVM's top thread group: a group of the creating thread may be an application's, destroyed when it is
     * undeployed, after which no thread could be created in it.
     */
    private static ThreadGroup rootGroup() {
        try {
            ThreadGroup g = Thread.currentThread().getThreadGroup();
            while (g != null && g.getParent() != null) {
                g = g.getParent();
            }
            return g;
        } catch (Throwable refused) {
            return null; // null: the creating thread's group, as new Thread() would
        }
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
