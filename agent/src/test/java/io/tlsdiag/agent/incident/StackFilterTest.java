package io.tlsdiag.agent.incident;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackFilterTest {

    private static StackTraceElement frame(String cls) {
        return new StackTraceElement(cls, "m", "F.java", 1);
    }

    @Test
    void leadingJsseFramesAndAgentFramesAreRemoved() {
        StackTraceElement[] stack = {
                frame("sun.security.ssl.Alert"), frame("sun.security.ssl.TransportContext"),
                frame("io.tlsdiag.agent.hook.Hooks"), frame("javax.net.ssl.SSLSocket"),
                frame("io.tlsdiag.agent.Other"), frame("com.acme.Client"), frame("java.lang.Thread")};
        List<StackTraceElement> out = StackFilter.application(stack, 64);
        assertEquals(List.of("javax.net.ssl.SSLSocket", "com.acme.Client", "java.lang.Thread"),
                out.stream().map(StackTraceElement::getClassName).toList());
        assertTrue(StackFilter.hasApplicationFrame(out));
    }

    @Test
    void theBridgeWovenCodeCallsIsAnAgentFrameToo() {
        StackTraceElement[] stack = {
                frame("io.tlsdiag.agent.hook.Hooks"), frame("io.tlsdiag.bootstrap.Bridge"),
                frame("sun.security.ssl.TransportContext"), frame("sun.security.ssl.SSLSocketImpl"),
                frame("com.acme.Client")};
        assertEquals(List.of("com.acme.Client"),
                StackFilter.application(stack, 64).stream().map(StackTraceElement::getClassName).toList());
    }

    @Test
    void depthIsCapped() {
        StackTraceElement[] stack = new StackTraceElement[200];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = frame("com.acme.C" + i);
        }
        assertEquals(10, StackFilter.application(stack, 10).size());
    }

    @Test
    void aStackOfOnlyJdkFramesHasNoApplicationFrame() {
        List<StackTraceElement> out = StackFilter.application(
                new StackTraceElement[] {frame("jdk.internal.net.http.X"), frame("java.lang.Thread")}, 64);
        assertFalse(StackFilter.hasApplicationFrame(out));
    }
}
