package io.tlsdiag.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code openssl s_server} on 127.0.0.1, serving until stopped ({@code -www} answers each client and stays up). */
public final class OpensslServer {

    private final Process process;
    public final int port;

    private OpensslServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static OpensslServer start(Path dir, List<String> options) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-www"));
        cmd.addAll(options);
        Path log = Files.createTempFile(dir, "openssl-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("OPENSSL_CONF", "/dev/null");
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.readString(log).contains("ACCEPT")) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new IOException("openssl s_server did not start: " + cmd + "\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new OpensslServer(p, port);
    }

    public String url() {
        return "https://localhost:" + port + "/";
    }

    public void stop() {
        process.destroy();
    }
}
