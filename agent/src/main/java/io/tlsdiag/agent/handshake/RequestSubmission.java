package io.tlsdiag.agent.handshake;

/**
 * A stack captured where the application submitted an asynchronous request (OkHttp's {@code enqueue}, java.net.http's
 * {@code sendAsync}), before the library handed it to a thread of its own that later opened the connection. Never
 * thrown: its type is what tells an incident's {@code stackOrigin} ("request-submission") from a channel's creation.
 */
public final class RequestSubmission extends Throwable {

    private static final long serialVersionUID = 1L;

    public RequestSubmission() {
        super("request submitted here");
    }
}
