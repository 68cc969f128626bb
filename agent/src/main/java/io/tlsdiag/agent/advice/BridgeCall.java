package io.tlsdiag.agent.advice;

import io.tlsdiag.bootstrap.Bridge;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * A call of one {@link Bridge} method with the values it receives, in order. The method is looked up once, by name and
 * by the values' types, so a call naming a method that does not exist, or passing the wrong number or types of
 * values, fails here (and in {@code AdviceBindingTest}) instead of in a woven class.
 */
public final class BridgeCall {

    final String method;
    final Value[] values;
    private volatile String descriptor;
    private volatile Boolean available;

    BridgeCall(String method, Value... values) {
        this.method = method;
        this.values = values;
    }

    /** The bridge method, checked: public, static, void. */
    public Method resolve() throws NoSuchMethodException {
        Class<?>[] types = new Class<?>[values.length];
        for (int i = 0; i < values.length; i++) {
            types[i] = values[i].type;
        }
        Method m = Bridge.class.getMethod(method, types);
        if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != void.class) {
            throw new NoSuchMethodException("Bridge." + method + Arrays.toString(types) + " must be static void");
        }
        return m;
    }

    /**
     * Whether the bridge has this method: not when the boot loader's bridge is an earlier tlsdiag's (a re-attach by a
     * newer agent reuses the one the first attach defined, and a class cannot be redefined with new methods).
     */
    boolean available() {
        Boolean a = available;
        if (a == null) {
            try {
                resolve();
                a = Boolean.TRUE;
            } catch (NoSuchMethodException e) {
                a = Boolean.FALSE;
            }
            available = a;
        }
        return a;
    }

    /** The JVM descriptor of the bridge method, for {@code invokestatic}. */
    String descriptor() {
        String d = descriptor;
        if (d == null) {
            try {
                d = Descriptors.of(resolve());
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("advice names a bridge method that does not exist", e);
            }
            descriptor = d;
        }
        return d;
    }

    @Override
    public String toString() {
        return "Bridge." + method + Arrays.toString(values);
    }
}
