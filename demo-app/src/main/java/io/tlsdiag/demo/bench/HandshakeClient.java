package io.tlsdiag.demo.bench;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The measured program: full TLS handshakes against a local peer. {@code HandshakeClient PORT N [WORK_MS]} prints
 * {@code MAIN_STARTED} first, keeps one core busy for WORK_MS (standing in for an application's own startup), then
 * does N handshakes (each session invalidated, so every one is a full handshake with certificate validation),
 * printing {@code FIRST_HANDSHAKE_DONE} after the first and {@code LOOP_NANOS=<n>} for handshakes 2..N.
 * {@code HandshakeClient engine KEYSTORE PASSWORD N} does the N handshakes between two SSLEngines in memory instead.
 */
public final class HandshakeClient {

    private HandshakeClient() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("MAIN_STARTED");
        System.out.flush();
        if (args[0].equals("engine")) {
            EngineHandshakes engines = new EngineHandshakes(java.nio.file.Path.of(args[1]), args[2].toCharArray());
            int n = Integer.parseInt(args[3]);
            engines.handshake();
            System.out.println("FIRST_HANDSHAKE_DONE");
            long start = System.nanoTime();
            for (int i = 1; i < n; i++) {
                engines.handshake();
            }
            System.out.println("LOOP_NANOS=" + (System.nanoTime() - start));
            return;
        }
        int port = Integer.parseInt(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long workMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        long until = System.nanoTime() + workMs * 1_000_000;
        long spin = 0;
        while (System.nanoTime() < until) {
            spin++;
        }
        if (spin < 0) {
            System.out.println(spin);
        }
        SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        handshake(factory, port);
        System.out.println("FIRST_HANDSHAKE_DONE");
        System.out.flush();
        long start = System.nanoTime();
        for (int i = 1; i < count; i++) {
            handshake(factory, port);
        }
        if (count > 1) {
            System.out.println("LOOP_NANOS=" + (System.nanoTime() - start));
        }
    }

    private static void handshake(SSLSocketFactory factory, int port) throws Exception {
        try (SSLSocket s = (SSLSocket) factory.createSocket("localhost", port)) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            s.getSession().invalidate();
        }
    }
}
