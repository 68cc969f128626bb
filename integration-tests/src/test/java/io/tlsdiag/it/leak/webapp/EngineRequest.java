package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.util.concurrent.Callable;

/** Creates an SSLEngine, as NIO clients do; the agent remembers where (the application's stack) until it is gone. */
final class EngineRequest implements Callable<String> {

    private final SSLContext context;
    private final int port;

    EngineRequest(SSLContext context, int port) {
        this.context = context;
        this.port = port;
    }

    @Override
    public String call() {
        try {
            SSLEngine engine = context.createSSLEngine("localhost", port);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            return engine.getHandshakeStatus() != null ? "OK" : "FAILED no status";
        } catch (Exception e) {
            return "FAILED " + e.getClass().getName();
        }
    }
}
