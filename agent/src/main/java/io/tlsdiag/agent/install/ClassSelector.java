package io.tlsdiag.agent.install;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from a class's name and bytes only, which hooks apply. This runs for every class the JVM loads, so it is
 * a map lookup and a prefix test for almost all of them; only classes outside the JDK (and JSSE's own) have their
 * bytes scanned for the interface markers, after a few name-suffix tests (Netty's classes, relocated or not). Nothing
 * here loads or resolves another class.
 */
final class ClassSelector {

    private static final Map<String, List<HookPoint>> EXACT = new HashMap<String, List<HookPoint>>();
    private static final List<HookPoint> BY_MARKER = new ArrayList<HookPoint>();
    private static final List<HookPoint> BY_NAME_SUFFIX = new ArrayList<HookPoint>();

    static {
        for (HookPoint p : HookPoint.values()) {
            if (p.className != null) {
                List<HookPoint> points = EXACT.get(p.className);
                if (points == null) {
                    points = new ArrayList<HookPoint>(1);
                    EXACT.put(p.className, points);
                }
                points.add(p);
            } else if (p.nameSuffix != null) {
                BY_NAME_SUFFIX.add(p);
            } else {
                BY_MARKER.add(p);
            }
        }
    }

    /** JDK packages whose classes implement the interfaces we hook (trust and key managers, hostname verifiers). */
    private static final String[] JDK_TLS_PACKAGES = {"sun/security/ssl/", "javax/net/ssl/", "sun/net/www/protocol/https/"};
    private static final String[] NEVER = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "io/tlsdiag/agent/",
            "io/tlsdiag/bootstrap/", "io/tlsdiag/cli/", "io/tlsdiag/shaded/"};

    private ClassSelector() {
    }

    static List<HookPoint> select(String internalName, byte[] bytes) {
        if (internalName == null) {
            return Collections.emptyList();
        }
        List<HookPoint> exact = EXACT.get(internalName);
        if (exact != null) {
            return exact;
        }
        if (!startsWithAny(internalName, JDK_TLS_PACKAGES) && startsWithAny(internalName, NEVER)) {
            return Collections.emptyList();
        }
        List<HookPoint> found = null;
        for (HookPoint p : BY_NAME_SUFFIX) {
            if (internalName.endsWith(p.nameSuffix)) {
                if (found == null) {
                    found = new ArrayList<HookPoint>(2);
                }
                found.add(p);
            }
        }
        byte[] lastMarker = null;
        boolean lastFound = false;
        for (HookPoint p : BY_MARKER) {
            if (!java.util.Arrays.equals(p.marker, lastMarker)) { // the engine hooks share one marker: scan it once
                lastMarker = p.marker;
                lastFound = contains(bytes, p.marker);
            }
            if (lastFound) {
                if (found == null) {
                    found = new ArrayList<HookPoint>(2);
                }
                found.add(p);
            }
        }
        return found == null ? Collections.<HookPoint>emptyList() : found;
    }

    /** Whether an already-loaded class may need hooks (for retransformation after attach). */
    static boolean mayNeedHooks(Class<?> type) {
        String name = type.getName().replace('.', '/');
        if (EXACT.containsKey(name)) {
            return true;
        }
        if (!startsWithAny(name, JDK_TLS_PACKAGES) && startsWithAny(name, NEVER)) {
            return false;
        }
        for (HookPoint p : BY_NAME_SUFFIX) {
            if (name.endsWith(p.nameSuffix)) {
                return true;
            }
        }
        return type.getSuperclass() == javax.net.ssl.SSLEngine.class
                || javax.net.ssl.TrustManager.class.isAssignableFrom(type)
                || javax.net.ssl.HostnameVerifier.class.isAssignableFrom(type)
                || javax.net.ssl.KeyManager.class.isAssignableFrom(type);
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
