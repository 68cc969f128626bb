package io.tlsdiag.clients;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An application that completes the handshake, pauses, and then only writes: a TLS 1.3 server that refused its client
 * certificate after the client's Finished has closed the connection by then, so a write fails with a plain
 * {@code SocketException} (a reset, or "Broken pipe") and the server's alert is never read. This is the order that
 * scheduling sometimes produces for any client (HttpsURLConnection's "Error writing to server"); here it is certain.
 *
 * <pre>LateWrite NAME HOST PORT READY_FILE</pre>
 *
 * <p>After the handshake it waits until READY_FILE exists (the test's server creates it once it has refused and
 * closed), then writes until a write fails. Prints {@code RESULT NAME OK ...} or
 * {@code RESULT NAME FAILED <exception>: <message>} like the demo client. The key store and trust store are the JVM's
 * defaults ({@code -Djavax.net.ssl.keyStore}, {@code ...trustStore}).
 */
public final class LateWrite {

    private static final long DEADLINE_NANOS = 30_000_000_000L;

    private LateWrite() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path ready = Path.of(args[3]);
        byte[] request = ("GET / HTTP/1.1\r\nHost: " + args[1] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(args[1],
                Integer.parseInt(args[2]))) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            long start = System.nanoTime();
            while (!Files.exists(ready) && System.nanoTime() - start < DEADLINE_NANOS) {
                Thread.sleep(20); // the server has not refused yet
            }
            OutputStream out = socket.getOutputStream();
            // The first write after the peer closed is accepted locally and answered with a reset; a later one fails.
            while (System.nanoTime() - start < DEADLINE_NANOS) {
                out.write(request);
                out.flush();
                Thread.sleep(50);
            }
            System.out.println("RESULT " + name + " OK " + socket.getSession().getProtocol());
        } catch (IOException e) {
            System.out.println("RESULT " + name + " FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
