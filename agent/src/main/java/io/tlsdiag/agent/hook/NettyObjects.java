package io.tlsdiag.agent.hook;

import javax.net.ssl.SSLEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What Netty's objects know and its engines do not, read by reflection through Netty's public API, so that any copy
 * of Netty (relocated inside grpc-netty-shaded, say) works the same and nothing here links against it: an
 * {@code SslHandler}'s engine, a {@code ChannelHandlerContext}'s remote address, and the engine a Netty engine wraps
 * (JSSE's, inside Netty's ALPN engine), which is the one JSSE's own hooks report.
 */
final class NettyObjects {

    private NettyObjects() {
    }

    /** {@code sslContext.isClient()}: true for a client's context; false for a server's, or when it cannot say. */
    static boolean isClientContext(Object sslContext) {
        return Boolean.TRUE.equals(call(sslContext, "isClient"));
    }

    /** {@code sslHandler.engine()}, or null. */
    static Object engineOf(Object sslHandler) {
        Object engine = call(sslHandler, "engine");
        return engine instanceof SSLEngine ? engine : null;
    }

    /**
     * Whether a Netty channel is a TCP one: its class implements Netty's {@code channel.socket.SocketChannel} (NIO,
     * epoll, kqueue, io_uring alike), wherever Netty was relocated.
     */
    static boolean isSocketChannel(Object channel) {
        return SOCKET_CHANNEL.get(channel.getClass());
    }

    private static final ClassValue<Boolean> SOCKET_CHANNEL = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (implementsSocketChannel(c.getInterfaces())) {
                    return true;
                }
            }
            return false;
        }
    };

    private static boolean implementsSocketChannel(Class<?>[] interfaces) {
        for (Class<?> i : interfaces) {
            if (i.getName().endsWith(".channel.socket.SocketChannel") || implementsSocketChannel(i.getInterfaces())) {
                return true;
            }
        }
        return false;
    }

    /** {@code ctx.channel()}, or null. */
    static Object channelOf(Object channelHandlerContext) {
        return call(channelHandlerContext, "channel");
    }

    /** {@code ctx.channel().remoteAddress()} when it is an IP address and port (not yet connected: null). */
    static InetSocketAddress remoteAddress(Object channelHandlerContext) {
        Object address = call(call(channelHandlerContext, "channel"), "remoteAddress");
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }

    /** The engine and, one level down, any engine it holds in a field (a wrapping engine's delegate). */
    static List<Object> engineAndWrapped(Object engine) {
        Field[] fields = ENGINE_FIELDS.get(engine.getClass());
        if (fields.length == 0) {
            return Collections.singletonList(engine);
        }
        List<Object> all = new ArrayList<Object>(2);
        all.add(engine);
        for (Field f : fields) {
            try {
                Object inner = f.get(engine);
                if (inner != null && inner != engine) {
                    all.add(inner);
                }
            } catch (Exception unreadable) {
                // a field we may not read: that engine is simply not linked
            }
        }
        return all;
    }

    /** Per engine class, its own and inherited instance fields of an SSLEngine type that could be made readable. */
    private static final ClassValue<Field[]> ENGINE_FIELDS = new ClassValue<Field[]>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            try {
                return engineFields(type);
            } catch (Throwable unreadable) {
                // getDeclaredFields() can fail (a field type from a missing optional library): no link, decided once
                return new Field[0];
            }
        }

        private Field[] engineFields(Class<?> type) {
            List<Field> found = new ArrayList<Field>(1);
            for (Class<?> c = type; c != null && c != SSLEngine.class && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && SSLEngine.class.isAssignableFrom(f.getType())) {
                        try {
                            f.setAccessible(true);
                            found.add(f);
                        } catch (RuntimeException closedModule) {
                            // JSSE's classes in java.base are not opened to us, and need not be: they wrap nothing
                        }
                    }
                }
            }
            return found.toArray(new Field[0]);
        }
    };

    /** A public no-argument method called through a public type that declares it, or null on any failure. */
    private static Object call(Object target, String method) {
        if (target == null) {
            return null;
        }
        try {
            Method m = METHODS.get(target.getClass()).get(method);
            return m == null ? null : m.invoke(target);
        } catch (Exception notThere) {
            return null;
        }
    }

    /** The methods {@link #call} uses, per class, looked up once ({@code engine} runs for every Netty connection). */
    private static final String[] CALLED = {"engine", "channel", "remoteAddress", "isClient"};

    private static final ClassValue<java.util.Map<String, Method>> METHODS =
            new ClassValue<java.util.Map<String, Method>>() {
                @Override
                protected java.util.Map<String, Method> computeValue(Class<?> type) {
                    java.util.Map<String, Method> found = new java.util.HashMap<String, Method>(2);
                    for (String name : CALLED) {
                        try {
                            Method m = publicMethod(type, name);
                            if (m != null) {
                                found.put(name, m);
                            }
                        } catch (Throwable unreadable) {
                            // a class whose methods cannot be listed: nothing is called on it
                        }
                    }
                    return found;
                }
            };

    private static Method publicMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m = declaredPublic(c, name);
            if (m != null) {
                return m;
            }
            for (Class<?> i : c.getInterfaces()) {
                m = publicMethod(i, name);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method declaredPublic(Class<?> c, String name) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return null;
        }
        try {
            Method m = c.getDeclaredMethod(name);
            return Modifier.isPublic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException notHere) {
            return null;
        }
    }
}
