package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.RequestSubmission;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncRequestsTest {

    private static final int BUDGET = 100;

    private final AsyncRequests requests = new AsyncRequests();

    @Test
    void aLibraryThreadWorkingOnAHandOffSeesWhereItWasAskedFor() throws Exception {
        Object call = new Object();
        submitFromApplication(call, true);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread library = new Thread(() -> {
            requests.workStarting(call);
            seen.set(requests.current());
            requests.workEnded(call);
        });
        library.start();
        library.join();

        assertInstanceOf(RequestSubmission.class, seen.get());
        assertTrue(Arrays.stream(seen.get().getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("submitFromApplication")), "the asking thread's frames");
        assertNull(requests.current(), "not on a thread that works on nothing");
    }

    @Test
    void aConnectionsHandOffIsAPlainCaptureTakenOnceAndForgottenAfterItsWork() {
        Object context = new Object();
        requests.submitted(context, false, 0);
        requests.workStarting(context);
        Throwable first = requests.current();
        requests.submitted(context, false, 0); // a constructor that calls another: the first capture stays
        requests.workStarting(context);
        assertNotNull(first);
        assertFalse(first instanceof RequestSubmission);
        assertSame(first, requests.current());
        requests.workEnded(context);
        requests.workEnded(context);

        requests.workStarting(context);
        try {
            assertNull(requests.current(), "its connection was opened: forgotten");
        } finally {
            requests.workEnded(context);
        }
    }

    @Test
    void nestedWorkSeesTheInnermostAndEndsUnwindIt() {
        Object outer = new Object();
        Object inner = new Object();
        Object unknown = new Object();
        requests.submitted(outer, true, BUDGET);
        requests.submitted(inner, true, BUDGET);

        requests.workStarting(outer);
        Throwable outerCapture = requests.current();
        requests.workStarting(inner);
        assertNotNull(requests.current());
        assertFalse(requests.current() == outerCapture);
        requests.workStarting(unknown);
        assertNull(requests.current(), "work on an object nobody asked for here has no origin");
        requests.workEnded(unknown);
        requests.workEnded(inner);
        assertSame(outerCapture, requests.current());
        requests.workEnded(outer);
        assertNull(requests.current());
        requests.workEnded(null); // an end without a start (hooks connected mid-work) is harmless
        assertNull(requests.current());
    }

    @Test
    void lostEndsNeverGrowTheThreadsState() {
        Object call = new Object();
        requests.submitted(call, true, BUDGET);
        for (int i = 0; i < 100; i++) {
            requests.workStarting(call); // their ends were lost
            assertTrue(requests.nesting() <= AsyncRequests.MAX_NESTING, "bounded: " + requests.nesting());
        }
        requests.workStarting(null);
        assertNull(requests.current());
        requests.workEnded(null);
    }

    @Test
    void beyondTheCapNewHandOffsAreNotFollowed() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < AsyncRequests.MAX_PENDING; i++) {
            Object o = new Object();
            held.add(o);
            requests.submitted(o, false, 0); // connections' hand-offs: no budget per second
        }
        Object late = new Object();
        requests.submitted(late, false, 0);
        requests.workStarting(late);
        try {
            assertNull(requests.current(), "beyond the cap");
        } finally {
            requests.workEnded(late);
        }
        requests.workStarting(held.get(0));
        try {
            assertNotNull(requests.current());
        } finally {
            requests.workEnded(held.get(0)); // one slot free again
        }
        Object next = new Object();
        requests.submitted(next, false, 0);
        requests.workStarting(next);
        try {
            assertNotNull(requests.current());
        } finally {
            requests.workEnded(next);
        }
    }

    @Test
    void requestsAreFollowedWithinABudgetPerSecondAndTenTimesMoreAfterAMiss() {
        long second = 1_000_000_000L;
        long t = 42 * second;
        for (int i = 0; i < BUDGET; i++) {
            assertFollowed(true, t + i);
        }
        assertFollowed(false, t + second - 1);
        assertFollowed(true, t + second); // the next second
        requests.missed(t + second + 1);
        for (int i = 1; i < 10 * BUDGET; i++) {
            assertFollowed(true, t + second + 2 + i);
        }
        assertFollowed(false, t + second + 2 + 10 * BUDGET);
        long afterWindow = t + second + AsyncRequests.FOLLOW_MORE_AFTER_MISS_NANOS + 1;
        for (int i = 0; i < BUDGET; i++) {
            assertFollowed(true, afterWindow + i);
        }
        assertFollowed(false, afterWindow + BUDGET);
    }

    @Test
    void aRequestPastTheBudgetIsKnownAsNotFollowedAndNothingElseIs() {
        long t = 7_000_000_000L;
        Object followed = new Object();
        requests.submitted(followed, true, 1, t);
        Object past = new Object();
        requests.submitted(past, true, 1, t);
        requests.workStarting(past);
        assertSame(AsyncRequests.NOT_FOLLOWED, requests.current());
        requests.workEnded(past);
        requests.workStarting(new Object()); // a synchronous call's work: no hand-off at all
        assertNull(requests.current());
        requests.workEnded(null);
        requests.workStarting(followed);
        assertInstanceOf(RequestSubmission.class, requests.current());
        requests.workEnded(followed);
    }

    private void assertFollowed(boolean expected, long nowNanos) {
        Object request = new Object();
        requests.submitted(request, true, BUDGET, nowNanos);
        requests.workStarting(request);
        try {
            assertEquals(expected, requests.current() instanceof RequestSubmission, "at " + nowNanos);
        } finally {
            requests.workEnded(request);
        }
    }

    private void submitFromApplication(Object handOff, boolean request) {
        requests.submitted(handOff, request, BUDGET);
    }
}
