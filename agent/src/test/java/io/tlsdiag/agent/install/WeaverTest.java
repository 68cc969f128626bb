package io.tlsdiag.agent.install;

import io.tlsdiag.bootstrap.Bridge;
import io.tlsdiag.bootstrap.HookTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weaves the running JDK's own TLS classes (every class hook must find its method, with the fields and types it
 * expects), and application-style classes that are then loaded, verified by the JVM and run: the hooks see the right
 * values, and the methods return and throw exactly what they did.
 */
class WeaverTest {

    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void disconnect() {
        Bridge.connect(null);
    }

    @Test
    void everyClassHookFitsThisJdk() throws Exception {
        for (HookPoint p : HookPoint.values()) {
            if (p.className == null) {
                continue;
            }
            byte[] original = classFile(p.className);
            assertNotNull(original, p.className);
            assertTrue(ClassSelector.select(p.className, original).contains(p), p.toString());
            assertNotNull(Weaver.weave(p.className, original, List.of(p)), p + " found no method to weave");
        }
    }

    @Test
    void everyJdkClassTheWarmUpPreparesIsWoven() throws Exception {
        for (String name : PreWeaver.JDK_CLASSES) {
            byte[] original = classFile(name);
            assertNotNull(original, name);
            List<HookPoint> points = ClassSelector.select(name, original);
            assertFalse(points.isEmpty(), name);
            assertNotNull(Weaver.weave(name, original, points), name + " " + points + " found no method to weave");
        }
    }

    @Test
    void aTrustManagerReportsEachCheckAndKeepsItsDecision() throws Exception {
        Bridge.connect(recorder());
        X509TrustManager tm = (X509TrustManager) wovenInstance(SampleTrustManager.class, HookPoint.TRUST_MANAGER);
        X509Certificate[] chain = new X509Certificate[0];

        tm.checkServerTrusted(chain, "RSA");
        assertEquals(List.of("trustChecked thrown=null method=checkServerTrusted args=2"), calls);

        calls.clear();
        CertificateException e = assertThrows(CertificateException.class, () -> tm.checkServerTrusted(chain, "REJECT"));
        assertEquals("rejected by the sample", e.getMessage());
        assertEquals(List.of("trustChecked thrown=CertificateException method=checkServerTrusted args=2"), calls);

        calls.clear();
        tm.checkClientTrusted(chain, "RSA");
        assertEquals(List.of("trustChecked thrown=null method=checkClientTrusted args=2"), calls);
    }

    @Test
    void aVerifierReportsItsAnswerAndStillReturnsIt() throws Exception {
        Bridge.connect(recorder());
        HostnameVerifier v = (HostnameVerifier) wovenInstance(SampleVerifier.class, HookPoint.HOSTNAME_VERIFIER);
        assertTrue(v.verify("good.example", null));
        assertFalse(v.verify("bad.example", null));
        assertEquals(List.of("hostnameVerified true good.example", "hostnameVerified false bad.example"), calls);
    }

    @Test
    void aFailingHookNeitherChangesTheResultNorEscapes() throws Exception {
        HookTarget failing = (HookTarget) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HookTarget.class}, (proxy, method, args) -> {
                    if (method.getName().equals("hookFailed")) {
                        calls.add("hookFailed " + args[0]);
                        return null;
                    }
                    throw new IllegalStateException("hook bug");
                });
        Bridge.connect(failing);
        long before = Bridge.failures();
        HostnameVerifier v = (HostnameVerifier) wovenInstance(SampleVerifier.class, HookPoint.HOSTNAME_VERIFIER);
        assertTrue(v.verify("good.example", null));
        assertEquals(List.of("hookFailed hostnameVerified"), calls);
        assertEquals(before + 1, Bridge.failures());
    }

    @Test
    void nothingConnectedMeansNothingCalled() throws Exception {
        X509TrustManager tm = (X509TrustManager) wovenInstance(SampleTrustManager.class, HookPoint.TRUST_MANAGER);
        tm.checkServerTrusted(new X509Certificate[0], "RSA");
        assertTrue(calls.isEmpty());
    }

    @Test
    void aClassWithoutTheHookedMethodIsNotWoven() throws Exception {
        assertNull(Weaver.weave("io/tlsdiag/agent/install/SampleVerifier", classFile(SampleVerifier.class),
                List.of(HookPoint.TRUST_MANAGER)));
    }

    @Test
    void aMethodThatStoresIntoItsParametersIsLeftAlone() throws Exception {
        // Its other method (checkClientTrusted) is still woven; checkServerTrusted keeps its own bytecode.
        Bridge.connect(recorder());
        X509TrustManager tm = (X509TrustManager) wovenInstance(ReassigningTrustManager.class, HookPoint.TRUST_MANAGER);
        tm.checkServerTrusted(new X509Certificate[0], " RSA ");
        tm.checkClientTrusted(new X509Certificate[0], "RSA");
        assertEquals(List.of("trustChecked thrown=null method=checkClientTrusted args=2"), calls);
    }

    private Object wovenInstance(Class<?> sample, HookPoint point) throws Exception {
        String internal = sample.getName().replace('.', '/');
        byte[] woven = Weaver.weave(internal, classFile(sample), List.of(point));
        assertNotNull(woven);
        Class<?> c = new DefiningLoader(getClass().getClassLoader()).define(sample.getName(), woven);
        assertSame(c.getClassLoader().getClass(), DefiningLoader.class);
        return c.getConstructor().newInstance(); // the JVM verifies the woven class here
    }

    private HookTarget recorder() {
        return (HookTarget) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HookTarget.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "trustChecked" -> calls.add("trustChecked thrown="
                                + (args[0] == null ? "null" : args[0].getClass().getSimpleName())
                                + " method=" + args[2] + " args=" + ((Object[]) args[3]).length);
                        case "hostnameVerified" -> calls.add("hostnameVerified " + args[0] + " " + args[2]);
                        default -> calls.add(method.getName());
                    }
                    return null;
                });
    }

    private static byte[] classFile(Class<?> c) throws Exception {
        return classFile(c.getName().replace('.', '/'));
    }

    private static byte[] classFile(String internalName) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static final class DefiningLoader extends ClassLoader {
        DefiningLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
