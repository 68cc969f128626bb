package io.tlsdiag.agent.advice;

import java.lang.reflect.Method;

/** JVM type descriptors from reflection types (what ASM's Type does, without loading it before weaving starts). */
final class Descriptors {

    private Descriptors() {
    }

    static String of(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(of(p));
        }
        return b.append(')').append(of(m.getReturnType())).toString();
    }

    static String of(Class<?> c) {
        if (c.isArray()) {
            return c.getName().replace('.', '/');
        }
        if (c.isPrimitive()) {
            if (c == void.class) {
                return "V";
            }
            if (c == boolean.class) {
                return "Z";
            }
            if (c == long.class) {
                return "J";
            }
            return String.valueOf(Character.toUpperCase(c.getName().charAt(0)));
        }
        return "L" + c.getName().replace('.', '/') + ";";
    }
}
