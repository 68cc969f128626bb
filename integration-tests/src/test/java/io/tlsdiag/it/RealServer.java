package io.tlsdiag.it;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * nginx or HAProxy from this machine's Debian packages, in a container of its own image (see {@link LocalImages}),
 * on the host network: every listener is on 127.0.0.1, as all test traffic must be. One container serves every
 * scenario of a test class, one listener (port) per scenario. The server's own log counts the handshakes it saw
 * fail, for "exactly one incident per failed handshake".
 */
final class RealServer implements AutoCloseable {

    /** The folder inside the container that holds the configuration and the PEM files. */
    static final String CONF = "/etc/tlsdiag";

    private final String name;
    private final GenericContainer<?> container;

    private RealServer(String name, GenericContainer<?> container) {
        this.name = name;
        this.container = container;
    }

    static ImageFromDockerfile nginxImage() throws Exception {
        return LocalImages.fromHostBinary("local/tlsdiag-nginx", "/usr/sbin/nginx",
                List.of("/usr/sbin/nginx", "-c", CONF + "/nginx.conf", "-g", "daemon off;"),
                List.of("/var/log/nginx", "/var/lib/nginx", "/tmp", "/run", CONF));
    }

    static ImageFromDockerfile haproxyImage() throws Exception {
        // -db: stay in the foreground, no master process; the log goes to stderr (configured in the file).
        return LocalImages.fromHostBinary("local/tlsdiag-haproxy", "/usr/sbin/haproxy",
                List.of("/usr/sbin/haproxy", "-db", "-f", CONF + "/haproxy.cfg"),
                List.of("/tmp", "/run", "/var/lib/haproxy", CONF));
    }

    /**
     * Starts a container of {@code image} with {@code files} (name in {@link #CONF} -> content) copied in, and waits
     * until every port accepts connections.
     */
    static RealServer start(String name, ImageFromDockerfile image, Map<String, String> files, List<Integer> ports) {
        GenericContainer<?> c = new GenericContainer<>(image)
                .withNetworkMode("host")
                .withImagePullPolicy(imageName -> false)
                .waitingFor(new Listening(ports).withStartupTimeout(Duration.ofSeconds(60)));
        files.forEach((file, content) -> c.withCopyToContainer(Transferable.of(content), CONF + "/" + file));
        try {
            c.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " did not start; its log:\n" + logsOf(c), e);
        }
        return new RealServer(name, c);
    }

    String logs() {
        return logsOf(container);
    }

    private static String logsOf(GenericContainer<?> c) {
        try {
            return c.getLogs();
        } catch (RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Lines of the server's log (stdout and stderr) that match. */
    List<String> lines(Predicate<String> matching) {
        List<String> out = new ArrayList<>();
        for (String line : logs().split("\n")) {
            if (matching.test(line)) {
                out.add(line);
            }
        }
        return out;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Free ports on 127.0.0.1, for the listeners of a configuration written before the server starts. */
    static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /**
     * Ready when every listener accepts a TCP connection. The host network gives Testcontainers no mapped port to
     * wait on, and HAProxy writes nothing when it is ready. Polls until the startup timeout.
     */
    private static final class Listening extends AbstractWaitStrategy {
        private final List<Integer> ports;

        Listening(List<Integer> ports) {
            this.ports = ports;
        }

        @Override
        protected void waitUntilReady() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            for (int port : ports) {
                while (!accepts(port)) {
                    if (!waitStrategyTarget.isRunning()) {
                        throw new IllegalStateException("the server exited before listening on 127.0.0.1:" + port);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after "
                                + startupTimeout);
                    }
                    try {
                        Thread.sleep(100); // polling interval, not synchronisation: the loop re-checks
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        private static boolean accepts(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
