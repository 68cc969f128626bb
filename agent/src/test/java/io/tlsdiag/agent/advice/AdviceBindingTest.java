package io.tlsdiag.agent.advice;

import io.tlsdiag.bootstrap.Bridge;
import io.tlsdiag.bootstrap.HookTarget;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static io.tlsdiag.agent.advice.Value.argument;
import static io.tlsdiag.agent.advice.Value.self;
import static io.tlsdiag.agent.advice.Value.thrown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every advice names a bridge method that exists, with the number and types of values it passes. */
class AdviceBindingTest {

    @Test
    void everyAdviceCallResolvesToAStaticVoidBridgeMethod() {
        List<String> errors = new ArrayList<>();
        for (MethodAdvice advice : Advices.all()) {
            for (BridgeCall call : advice.calls()) {
                try {
                    Method m = call.resolve();
                    assertTrue(Modifier.isStatic(m.getModifiers()));
                    assertEquals(void.class, m.getReturnType());
                } catch (NoSuchMethodException e) {
                    errors.add(call + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            fail("advice bound to bridge methods that do not exist: " + errors);
        }
    }

    @Test
    void everyBridgeMethodHasItsHookWithTheSameParameters() throws Exception {
        for (Method m : Bridge.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.getName().equals("connect") || m.getName().equals("failures")) {
                continue;
            }
            Method hook = HookTarget.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(void.class, hook.getReturnType(), hook.toString());
        }
    }

    @Test
    void everyBridgeHookIsUsedBySomeAdvice() {
        List<String> used = new ArrayList<>();
        for (MethodAdvice advice : Advices.all()) {
            for (BridgeCall call : advice.calls()) {
                used.add(call.method);
            }
        }
        for (Method m : HookTarget.class.getMethods()) {
            if (!m.getName().equals("hookFailed")) {
                assertTrue(used.contains(m.getName()), "no advice calls " + m.getName());
            }
        }
    }

    @Test
    void aMissingHookIsRefused() {
        BridgeCall call = MethodAdvice.on("x").atReturn("noSuchHook", self()).calls().get(0);
        assertThrows(NoSuchMethodException.class, call::resolve);
        assertThrows(IllegalStateException.class, call::descriptor);
    }

    @Test
    void theWrongNumberOfValuesIsRefused() {
        BridgeCall call = MethodAdvice.on("x").atExit("socketHandshakeThrew", thrown()).calls().get(0);
        assertThrows(NoSuchMethodException.class, call::resolve);
    }

    @Test
    void theWrongTypeOfValueIsRefused() {
        // hostnameVerified(boolean, Object, String, Object): a String where the boolean goes
        BridgeCall call = MethodAdvice.on("verify")
                .atReturn("hostnameVerified", Value.returned(String.class), self(), argument(0, String.class),
                        argument(1, Object.class)).calls().get(0);
        assertThrows(NoSuchMethodException.class, call::resolve);
    }

    @Test
    void aMethodWhoseShapeDoesNotFitIsNotWoven() {
        // A field the class does not declare, and an argument of another type than the bridge takes.
        assertTrue(Advices.SOCKET_WRITE.misfit("write", "([BII)V", java.util.Collections.emptyMap())
                .contains("field this$0"));
        assertTrue(Advices.HOSTNAME_VERIFIER.misfit("verify", "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z",
                java.util.Collections.emptyMap()) == null);
        assertTrue(MethodAdvice.on("m").atReturn("hostnameVerified", Value.returned(boolean.class), self(),
                argument(0, String.class), argument(1, Object.class))
                .misfit("m", "(ILjava/lang/Object;)Z", java.util.Collections.emptyMap()).contains("argument 0"));
    }
}
