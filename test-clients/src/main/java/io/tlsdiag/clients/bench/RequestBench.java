package io.tlsdiag.clients.bench;

import io.tlsdiag.demo.DemoPki;
import io.tlsdiag.demo.bench.Bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * What the agent costs an asynchronous client per request on a kept-alive connection: the stack it captures where the
 * request object is made (OkHttp's {@code enqueue}, java.net.http's {@code sendAsync}), against no agent, alternating
 * children in one run ({@link AsyncRequestLoop}). Reports medians and the ratio; asserts nothing.
 *
 * <pre>RequestBench AGENT_JAR JAVA [rounds] [requestsPerRun]</pre>
 */
public final class RequestBench {

    private RequestBench() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String java = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        DemoPki pki = new DemoPki();
        Path dir = Files.createTempDirectory("tlsdiag-bench");
        try {
            Path trustStore = pki.writeTrustStore(dir.resolve("truststore.p12"));
            Path keyStore = Bench.writeKeyStore(pki, "good", dir.resolve("server.p12"));
            String agent = "-javaagent:" + agentJar + "=output=" + dir.resolve("incidents");
            for (String client : List.of("okhttp-async", "httpclient-async")) {
                List<String> child = List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                        "-Djavax.net.ssl.trustStorePassword=" + DemoPki.TRUSTSTORE_PASSWORD,
                        "-cp", System.getProperty("java.class.path"), AsyncRequestLoop.class.getName(), client,
                        keyStore.toString(), Bench.KEYSTORE_PASSWORD, String.valueOf(requests));
                ConnectionBench.compare(java, agent, rounds, requests + 1, child, client + ": GET requests on one"
                        + " kept-alive TLS connection to a minimal HTTPS server in the same JVM, each awaited", "request");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
