package io.tlsdiag.agent.util;

/** Whether a class belongs to the JDK itself (as opposed to the application or a library it uses). */
public final class JdkClasses {

    private JdkClasses() {
    }

    public static boolean isJdk(String className) {
        return className.startsWith("sun.") || className.startsWith("com.sun.") || className.startsWith("java.")
                || className.startsWith("javax.") || className.startsWith("jdk.");
    }
}
