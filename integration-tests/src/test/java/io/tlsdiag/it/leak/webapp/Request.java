package io.tlsdiag.it.leak.webapp;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * One HTTPS request over a raw SSLSocket, checked by a HostnameVerifier after the handshake the way OkHttp and Apache
 * HttpClient do. Returns "OK" or "FAILED &lt;exception&gt;": nothing of the application's leaves as a result.
 */
final class Request implements Callable<String> {

    private final SSLContext context;
    private final int port;
    private final HostnameVerifier verifier;
    private final String host;

    Request(SSLContext context, int port, HostnameVerifier verifier, String host) {
        this.context = context;
        this.port = port;
        this.verifier = verifier;
        this.host = host;
    }

    @Override
    public String call() {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10000);
            socket.startHandshake();
            if (!verifier.verify(host, socket.getSession())) {
                throw new SSLPeerUnverifiedException("Hostname " + host + " not verified");
            }
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] status = new byte[12];
            int n = 0;
            while (n < status.length) {
                int r = in.read(status, n, status.length - n);
                if (r < 0) {
                    return "FAILED end of stream";
                }
                n += r;
            }
            String line = new String(status, StandardCharsets.US_ASCII);
            return line.equals("HTTP/1.1 200") ? "OK" : "FAILED " + line;
        } catch (Exception e) {
            return "FAILED " + e.getClass().getName();
        }
    }
}
