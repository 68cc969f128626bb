package io.tlsdiag.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the harness counts as an agent failure in a host's output (AgentOutput), on lines the agent really prints. */
class AgentOutputTest {

    @Test
    void theAgentsInternalErrorsAndStackTracesAreFailures() {
        String output = String.join("\n",
                "[tlsdiag] internal error in trust manager hook (the application is not affected; further errors of "
                        + "this kind are counted, not printed): java.lang.IllegalStateException: boom",
                "java.lang.IllegalStateException: boom",
                "\tat io.tlsdiag.agent.hook.Hooks.onTrustFailure(Hooks.java:51)",
                "\tat io.tlsdiag.shaded.com.fasterxml.jackson.databind.ObjectMapper.writeValue(ObjectMapper.java:1)",
                "Caused by: io.tlsdiag.agent.SomethingWrong: inner",
                "Exception in thread \"tlsdiag-writer\" java.lang.OutOfMemoryError: Java heap space",
                "*** java.lang.instrument ASSERTION FAILED ***: \"result\" with message agent load/premain call failed",
                "FATAL ERROR in native method: processing of -javaagent failed, processJavaStart failed");
        assertEquals(7, AgentOutput.failures(output).size(), AgentOutput.failures(output).toString());
    }

    @Test
    void theAgentsWarningsAndTheApplicationsOwnTracesAreNot() {
        String output = String.join("\n",
                "[tlsdiag] warning: cannot write incidents to /proc/x (Permission denied); the application is not affected",
                "[tlsdiag] hooked sun.security.ssl.X509TrustManagerImpl [checkServerTrusted]",
                "[tlsdiag] already active in this JVM (incidents go to /tmp/x); options updated",
                "RESULT x FAILED javax.net.ssl.SSLHandshakeException: PKIX path building failed",
                "java.lang.IllegalStateException: the application's own",
                "\tat io.tlsdiag.demo.DemoClient.main(DemoClient.java:80)",
                "WARNING: A Java agent has been loaded dynamically (/work/main/agent/target/tlsdiag.jar)");
        assertEquals(List.of(), AgentOutput.failures(output));
    }
}
