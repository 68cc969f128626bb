package io.tlsdiag.agent.install;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate holds JDK TLS classes until the agent is ready, never the starting thread, and remembers what it let by. */
class StartupGateTest {

    @Test
    void aJdkClassWaitsUntilTheGateOpensAndIsThenWoven() throws Exception {
        StartupGate gate = new StartupGate();
        CompletableFuture<Boolean> admitted = new CompletableFuture<>();
        Thread loader = new Thread(() -> admitted.complete(gate.admit(true)));
        loader.start();
        awaitWaiting(loader);
        assertFalse(admitted.isDone());
        assertFalse(gate.open(true), "nothing went by unwoven");
        assertTrue(admitted.get(10, TimeUnit.SECONDS));
    }

    @Test
    void markerClassesAndTheStartingThreadPassUnwovenAndAreRetransformedLater() {
        StartupGate gate = new StartupGate();
        gate.startingOn(Thread.currentThread());
        assertFalse(gate.admit(true), "the starting thread never waits for itself");
        assertTrue(gate.open(true), "the class that went by must be retransformed");

        StartupGate other = new StartupGate();
        assertFalse(other.admit(false), "an application class selected by marker does not wait");
        assertTrue(other.open(true));
        assertTrue(other.admit(false));
    }

    @Test
    void anAgentThatDidNotStartLetsEverythingThroughUnwoven() throws Exception {
        StartupGate gate = new StartupGate();
        CompletableFuture<Boolean> admitted = new CompletableFuture<>();
        Thread loader = new Thread(() -> admitted.complete(gate.admit(true)));
        loader.start();
        awaitWaiting(loader);
        gate.open(false);
        assertFalse(admitted.get(10, TimeUnit.SECONDS));
        assertFalse(gate.admit(true));
        gate.open(true); // a later install turns weaving on
        assertTrue(gate.admit(true));
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(t.getState() == Thread.State.TIMED_WAITING, "the loading thread waits at the gate: " + t.getState());
    }
}
