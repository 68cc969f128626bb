package io.tlsdiag.clients.bench;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;

/**
 * One benchmark child: N requests in a row on one kept-alive TLS connection, through an asynchronous client's own
 * threads (OkHttp's {@code enqueue}, java.net.http's {@code sendAsync}), each awaited before the next, against a
 * minimal HTTPS server in the same JVM on 127.0.0.1. This is the success path on which the agent captures a stack per request
 * (where the request object is made); the connection's handshake is outside the timed loop, with the warm-up. Prints
 * {@code LOOP_NANOS=} for the N requests.
 *
 * <pre>AsyncRequestLoop okhttp-async|httpclient-async KEYSTORE_P12 PASSWORD N</pre>
 */
public final class AsyncRequestLoop {

    private static final java.util.concurrent.atomic.AtomicInteger CONNECTIONS =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            .getBytes(StandardCharsets.US_ASCII);

    private AsyncRequestLoop() {
    }

    public static void main(String[] args) throws Exception {
        String client = args[0];
        int requests = Integer.parseInt(args[3]);
        SSLServerSocket server = server(Path.of(args[1]), args[2].toCharArray());
        URI uri = URI.create("https://localhost:" + server.getLocalPort() + "/");
        try {
            Runnable request = switch (client) {
                case "okhttp-async" -> okHttp(uri);
                case "httpclient-async" -> httpClient(uri);
                default -> throw new IllegalArgumentException(client);
            };
            for (int i = 0; i < Math.max(200, requests / 5); i++) {
                request.run(); // the handshake, class loading, weaving and the JIT's first tiers
            }
            int connectionsBefore = CONNECTIONS.get();
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                request.run();
            }
            System.out.println("LOOP_NANOS=" + (System.nanoTime() - start));
            System.out.println("CONNECTIONS=" + (CONNECTIONS.get() - connectionsBefore)); // 0: all kept alive
        } finally {
            server.close();
        }
        System.exit(0); // the clients' pools keep threads alive
    }

    private static Runnable okHttp(URI uri) {
        OkHttpClient client = new OkHttpClient.Builder().build();
        Request get = new Request.Builder().url(uri.toString()).build();
        return () -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            client.newCall(get).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        response.body().bytes();
                        done.complete(null);
                    } catch (IOException e) {
                        done.completeExceptionally(e);
                    }
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    done.completeExceptionally(e);
                }
            });
            done.join();
        };
    }

    private static Runnable httpClient(URI uri) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(uri).build();
        return () -> client.sendAsync(get, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).join();
    }

    /**
     * A minimal HTTP/1.1 server on TLS (JSSE's): each connection on its own thread, every request answered at once with
     * a fixed 2-byte body and kept alive, with TCP_NODELAY. The JDK's HttpServer was tried first; its per-request time
     * drifted from 0.2 to over 1 ms within one run, which drowned what is measured here.
     */
    private static SSLServerSocket server(Path keyStore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    CONNECTIONS.incrementAndGet();
                    Thread serve = new Thread(() -> serve(s), "bench-server-connection");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "bench-server-accept");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    private static void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            int last4 = 0;
            for (int b; (b = in.read()) >= 0; ) {
                last4 = (last4 << 8) | b;
                if (last4 == 0x0d0a0d0a) { // the end of a request's headers (GET: no body)
                    out.write(RESPONSE);
                    out.flush();
                    last4 = 0;
                }
            }
        } catch (IOException e) {
            // the client closed its connection
        }
    }
}
