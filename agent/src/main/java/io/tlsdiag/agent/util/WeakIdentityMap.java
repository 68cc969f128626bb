package io.tlsdiag.agent.util;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A map from objects, compared by identity, to values, that forgets an entry as soon as its key is collected.
 *
 * <p>Identity, because the keys are connections: SSLSession implementations compare equal by session ID (a resumed
 * session, or two with an empty ID), and two connections must never share state. Promptly, because a value may hold
 * something of the application (a stack trace pins the classes of its frames): a WeakHashMap drops the value of a
 * collected key only when the map is next used, which after a web application is undeployed may be never. Here one
 * daemon thread for all maps waits on the collected keys and removes their entries at once.
 *
 * <p>Thread-safe; compound operations synchronize on the map.
 */
public final class WeakIdentityMap<V> {

    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<Object>();
    private static volatile Thread cleaner;

    private final Map<Object, V> entries = new HashMap<Object, V>();

    /** The key as stored: weak, hashed and compared by the identity of its referent. */
    private static final class Key extends WeakReference<Object> {
        final int hash;
        final WeakIdentityMap<?> owner;

        Key(Object referent, WeakIdentityMap<?> owner) {
            super(referent, COLLECTED);
            this.hash = System.identityHashCode(referent);
            this.owner = owner;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object mine = get();
            if (mine == null) {
                return false;
            }
            if (o instanceof Key) {
                return mine == ((Key) o).get();
            }
            return o instanceof Probe && mine == ((Probe) o).referent;
        }
    }

    /** A lookup key: strong, short-lived, and no Reference for the collector to track. */
    private static final class Probe {
        final Object referent;

        Probe(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).get() == referent;
        }
    }

    public synchronized V get(Object key) {
        return entries.get(new Probe(key));
    }

    public synchronized void put(Object key, V value) {
        Probe probe = new Probe(key);
        if (entries.containsKey(probe)) {
            entries.put(probe, value); // HashMap keeps the stored Key and replaces only the value
            return;
        }
        startCleaner();
        entries.put(new Key(key, this), value);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Removes and returns the value for this key, or null. */
    public synchronized V remove(Object key) {
        return entries.remove(new Probe(key));
    }

    private synchronized void forget(Key key) {
        entries.remove(key);
    }

    private static void startCleaner() {
        if (cleaner != null) {
            return;
        }
        synchronized (COLLECTED) {
            if (cleaner != null) {
                return;
            }
            Thread t = AgentThreads.newThread("tlsdiag-cleaner", new Runnable() {
                @Override
                public void run() {
                    while (true) {
                        try {
                            Reference<?> collected = COLLECTED.remove();
                            if (collected instanceof Key) {
                                ((Key) collected).owner.forget((Key) collected);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (Throwable t) {
                            AgentLog.failure("connection cleaner", t);
                        }
                    }
                }
            }, true);
            t.start();
            cleaner = t;
        }
    }
}
