package io.tlsdiag.agent.hook;

import io.tlsdiag.agent.handshake.RequestSubmission;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncRequestsTest {

    private final AsyncRequests requests = new AsyncRequests();

    @Test
    void aLibraryThreadWorkingOnAHandOffSeesWhereItWasAskedFor() throws Exception {
        Object call = new Object();
        submitFromApplication(call, true);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread library = new Thread(() -> {
            requests.workStarting(call);
            seen.set(requests.current());
            requests.workEnded();
        });
        library.start();
        library.join();

        assertInstanceOf(RequestSubmission.class, seen.get());
        assertTrue(Arrays.stream(seen.get().getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("submitFromApplication")), "the asking thread's frames");
        assertNull(requests.current(), "not on a thread that works on nothing");
    }

    @Test
    void aConnectionsHandOffIsAPlainCaptureTakenOnce() {
        Object context = new Object();
        requests.submitted(context, false);
        requests.workStarting(context);
        Throwable first = requests.current();
        requests.workEnded();
        requests.submitted(context, false); // a constructor that calls another: the first capture stays
        requests.workStarting(context);
        try {
            assertNotNull(first);
            assertFalse(first instanceof RequestSubmission);
            assertSame(first, requests.current());
        } finally {
            requests.workEnded();
        }
    }

    @Test
    void nestedWorkSeesTheInnermostAndEndsUnwindIt() {
        Object outer = new Object();
        Object inner = new Object();
        Object unknown = new Object();
        requests.submitted(outer, true);
        requests.submitted(inner, true);

        requests.workStarting(outer);
        Throwable outerCapture = requests.current();
        requests.workStarting(inner);
        assertNotNull(requests.current());
        assertFalse(requests.current() == outerCapture);
        requests.workStarting(unknown);
        assertNull(requests.current(), "work on an object nobody asked for here has no origin");
        requests.workEnded();
        requests.workEnded();
        assertSame(outerCapture, requests.current());
        requests.workEnded();
        assertNull(requests.current());
        requests.workEnded(); // an end without a start (hooks connected mid-work) is harmless
        assertNull(requests.current());
    }

    @Test
    void lostEndsNeverGrowTheThreadsState() {
        Object call = new Object();
        requests.submitted(call, true);
        for (int i = 0; i < 100; i++) {
            requests.workStarting(call); // their ends were lost
        }
        requests.workStarting(null);
        assertNull(requests.current());
        requests.workEnded();
    }

    @Test
    void beyondTheCapNewHandOffsAreNotFollowed() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < AsyncRequests.MAX_PENDING; i++) {
            Object o = new Object();
            held.add(o);
            requests.submitted(o, true);
        }
        Object late = new Object();
        requests.submitted(late, true);
        requests.workStarting(late);
        try {
            assertNull(requests.current());
        } finally {
            requests.workEnded();
        }
        requests.workStarting(held.get(0));
        try {
            assertNotNull(requests.current());
        } finally {
            requests.workEnded();
        }
    }

    private void submitFromApplication(Object handOff, boolean request) {
        requests.submitted(handOff, request);
    }
}
