package io.tlsdiag.agent.incident;

import io.tlsdiag.agent.util.JdkClasses;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a captured stack into the application's calling stack: the leading frames inside JSSE and the certificate
 * validator (where the failure was detected, not where it was caused) are cut, agent and reflection frames are
 * removed everywhere, and the depth is capped. Agent frames are the hooks' and the bridge's that woven JDK code
 * calls ({@code io.tlsdiag.bootstrap}); the command line's probe is an application like any other.
 */
public final class StackFilter {

    private static final String[] AGENT = {"io.tlsdiag.agent.", "io.tlsdiag.bootstrap."};

    private static final String[] LEADING_INTERNALS = {
            "sun.security.ssl.", "sun.security.validator.", "sun.security.provider.certpath.", "sun.security.util.",
            "java.security.cert.", "java.lang.Throwable", "java.lang.Exception", "java.lang.reflect.",
            "jdk.internal.reflect.", "sun.reflect.", "java.lang.invoke.", "io.tlsdiag.agent.", "io.tlsdiag.bootstrap."};

    private StackFilter() {
    }

    public static List<StackTraceElement> application(StackTraceElement[] stack, int maxDepth) {
        List<StackTraceElement> out = new ArrayList<StackTraceElement>();
        if (stack == null) {
            return out;
        }
        int start = 0;
        while (start < stack.length && startsWithAny(stack[start].getClassName(), LEADING_INTERNALS)) {
            start++;
        }
        if (start == stack.length) {
            start = 0; // nothing but internals (an I/O thread): keep them rather than nothing
        }
        for (int i = start; i < stack.length && out.size() < maxDepth; i++) {
            if (!startsWithAny(stack[i].getClassName(), AGENT)) {
                out.add(stack[i]);
            }
        }
        return out;
    }

    /** Whether any frame belongs to code outside the JDK (the application or a library it uses). */
    public static boolean hasApplicationFrame(List<StackTraceElement> frames) {
        for (StackTraceElement frame : frames) {
            if (!JdkClasses.isJdk(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
