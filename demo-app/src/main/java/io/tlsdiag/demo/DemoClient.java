package io.tlsdiag.demo;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The application under diagnosis: it calls each URL once and prints what it saw. Run it with
 * {@code -javaagent:tlsdiag.jar} and every failure below also becomes an incident.
 *
 * <pre>DemoClient [--client urlconnection|httpclient|socket] [--timeout-ms N]
 *            [--trust-manager pinned|delegating|trust-all] [--hostname-verifier exact|accept-all]
 *            [--sni NAME] NAME=https://host:port/ ...</pre>
 *
 * The trust-manager and hostname-verifier options install application-provided ones, as real applications do.
 */
public final class DemoClient {

    private DemoClient() {
    }

    public static void main(String[] args) throws Exception {
        String client = "urlconnection";
        String sni = null;
        int timeoutMs = 3000;
        int failures = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--client")) {
                client = args[++i];
                continue;
            }
            if (args[i].equals("--trust-manager")) {
                String kind = args[++i];
                TrustManager tm = kind.equals("pinned") ? new PinnedTrustManager("00".repeat(32))
                        : kind.equals("trust-all") ? new TrustAllTrustManager() : new DelegatingTrustManager();
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {tm}, null);
                SSLContext.setDefault(ctx);
                HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
                continue;
            }
            if (args[i].equals("--hostname-verifier")) {
                // "accept-all" is the insecure snippet tlsdiag reports as a finding; never do this for real
                HttpsURLConnection.setDefaultHostnameVerifier(args[++i].equals("accept-all")
                        ? (host, session) -> true : new ExactHostnameVerifier());
                continue;
            }
            if (args[i].equals("--sni")) {
                sni = args[++i]; // the socket client then sends this server name (the JDK sends none for "localhost")
                continue;
            }
            if (args[i].equals("--timeout-ms")) {
                timeoutMs = Integer.parseInt(args[++i]);
                continue;
            }
            String[] target = args[i].split("=", 2);
            String name = target[0];
            URI uri = URI.create(target[1]);
            try {
                String result = switch (client) {
                    case "httpclient" -> viaHttpClient(uri, timeoutMs);
                    case "socket" -> viaSocket(uri, timeoutMs, sni);
                    default -> viaUrlConnection(uri, timeoutMs);
                };
                System.out.println("RESULT " + name + " OK " + result);
            } catch (Exception e) {
                failures++;
                System.out.println("RESULT " + name + " FAILED " + describe(e));
            }
        }
        System.out.println("DONE failures=" + failures);
    }

    /** The exception exactly as the application sees it: type and message of each link of the cause chain. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString().replace('\n', ' ');
    }

    static String viaUrlConnection(URI uri, int timeoutMs) throws Exception {
        URL url = uri.toURL();
        HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
        c.setConnectTimeout(timeoutMs);
        c.setReadTimeout(timeoutMs);
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
            return "HTTP " + c.getResponseCode();
        }
    }

    static String viaHttpClient(URI uri, int timeoutMs) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs)).build(),
                HttpResponse.BodyHandlers.ofString());
        return "HTTP " + r.statusCode();
    }

    static String viaSocket(URI uri, int timeoutMs, String sni) throws Exception {
        try (SSLSocket s = (SSLSocket) SSLSocketFactory.getDefault().createSocket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(timeoutMs);
            if (sni != null) {
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(sni)));
                s.setSSLParameters(p);
            }
            s.startHandshake();
            return "handshake " + s.getSession().getProtocol();
        }
    }
}
