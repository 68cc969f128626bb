package io.tlsdiag.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The HotSpot attach protocol spoken directly over the target's UNIX socket, for a tlsdiag that runs on a Java
 * runtime without the attach API (a JRE image: no jdk.attach module, no tools.jar). It needs Java 16 or newer for
 * UNIX-domain sockets (reached by reflection: this class is Java 8 bytecode) and a {@code kill} command or a shell to
 * wake the target's attach listener, exactly as the JDK's own implementation does with a native call:
 * <ol>
 *   <li>if the target has no socket {@code <tmp>/.java_pid<pid>} yet, create {@code .attach_pid<pid>} in its working
 *       directory (or tmp) and send it SIGQUIT; the JVM sees the file and starts its attach listener instead of
 *       printing a thread dump;</li>
 *   <li>per command, connect, send {@code "1\0<command>\0<arg1>\0<arg2>\0<arg3>\0"}, read the answer to the end: a
 *       status line ({@code 0} = done) and the command's output.</li>
 * </ol>
 * Linux and macOS HotSpot JVMs (OpenJDK, Temurin, Corretto, Zulu...) of any version from 8 on; not OpenJ9 (another
 * protocol) and not Windows (named pipes).
 */
final class SocketAttach {

    /** How long a target may take to open its socket after SIGQUIT; the JDK's default attach timeout. */
    static final long SOCKET_WAIT_MILLIS = 10_000;

    private final String pid;
    private final File socket;

    private SocketAttach(String pid, File socket) {
        this.pid = pid;
        this.socket = socket;
    }

    /** Whether this runtime can speak the protocol: UNIX-domain sockets (Java 16+), not Windows. */
    static boolean supported() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        try {
            Class.forName("java.net.UnixDomainSocketAddress");
            StandardProtocolFamily.valueOf("UNIX");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The temp directory the target's JVM uses for its socket and perf data, seen from this process. */
    static File targetTmp(String pid) {
        if (!new File("/proc/self").exists()) {
            return new File(System.getProperty("java.io.tmpdir")); // macOS: the same user has the same TMPDIR
        }
        // A JVM in another mount namespace (a container) keeps its /tmp there; /proc/<pid>/root leads to it.
        File root = new File("/proc/" + pid + "/root/tmp");
        return !nsPid(pid).equals(pid) && root.isDirectory() ? root : new File("/tmp");
    }

    /** The target's own PID inside its PID namespace (a container's PID 1 is some other number outside). */
    static String nsPid(String pid) {
        try {
            for (String line : Files.readAllLines(new File("/proc/" + pid + "/status").toPath())) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring(6).trim().split("\\s+");
                    return ids[ids.length - 1];
                }
            }
        } catch (Exception ignored) {
            // not Linux, or an old kernel without NSpid
        }
        return pid;
    }

    /** Finds the target's attach socket, waking its attach listener if needed. */
    static SocketAttach attach(String pid) throws CliException {
        String nsPid = nsPid(pid);
        File tmp = targetTmp(pid);
        File socket = new File(tmp, ".java_pid" + nsPid);
        if (!socket.exists()) {
            PerfData perf = PerfData.of(tmp, nsPid);
            if (perf != null && !perf.attachable()) {
                throw new CliException("cannot attach to PID " + pid + ": it was started with "
                        + "-XX:+DisableAttachMechanism, which forbids attach");
            }
            wakeAttachListener(pid, nsPid, tmp, socket);
        }
        return new SocketAttach(pid, socket);
    }

    private static void wakeAttachListener(String pid, String nsPid, File tmp, File socket) throws CliException {
        File trigger = new File("/proc/" + pid + "/cwd/.attach_pid" + nsPid);
        try {
            if (!createTrigger(trigger)) {
                trigger = new File(tmp, ".attach_pid" + nsPid);
                if (!createTrigger(trigger)) {
                    throw new CliException("cannot attach to PID " + pid + ": cannot create " + trigger
                            + " to ask the JVM to open its attach socket");
                }
            }
            signalQuit(pid);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SOCKET_WAIT_MILLIS);
            long pause = 20;
            while (!socket.exists() && System.nanoTime() < deadline) {
                Thread.sleep(pause); // polling a file the target creates: there is nothing to wait on
                pause = Math.min(pause * 2, 500);
            }
            if (!socket.exists()) {
                throw new CliException("cannot attach to PID " + pid + ": it did not open its attach socket " + socket
                        + " within " + SOCKET_WAIT_MILLIS / 1000 + " s. It may not be a HotSpot/OpenJDK JVM, it may "
                        + "run with -XX:+DisableAttachMechanism or -Xrs, or be too busy to answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while attaching to PID " + pid);
        } finally {
            trigger.delete();
        }
    }

    private static boolean createTrigger(File f) {
        try {
            return f.createNewFile() || f.exists();
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * SIGQUIT without native code: a {@code kill} program, else the shell's built-in. Distroless images have neither;
     * there, start the target with {@code -XX:+StartAttachListener} so its socket exists from the start.
     */
    private static void signalQuit(String pid) throws CliException {
        List<List<String>> ways = Arrays.asList(Arrays.asList("kill", "-QUIT", pid),
                Arrays.asList("/bin/kill", "-QUIT", pid), Arrays.asList("/usr/bin/kill", "-QUIT", pid),
                Arrays.asList("/bin/sh", "-c", "kill -QUIT " + pid), Arrays.asList("/bin/busybox", "kill", "-QUIT", pid));
        for (List<String> way : ways) {
            try {
                Process p = new ProcessBuilder(way).redirectErrorStream(true).start();
                p.getOutputStream().close();
                drain(p.getInputStream());
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
                p.destroy();
            } catch (IOException e) {
                // not there: try the next way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new CliException("cannot attach to PID " + pid + ": this runtime has no attach API and no kill command "
                + "or shell was found to signal the JVM; start it with -XX:+StartAttachListener, or run tlsdiag with "
                + "a JDK");
    }

    Properties systemProperties() throws CliException {
        byte[] answer = execute("properties", null, null, null);
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(answer)); // the JVM writes them in Properties.store's format
        } catch (IOException e) {
            throw new CliException("cannot read the system properties of JVM " + pid + ": " + e.getMessage());
        }
        return p;
    }

    /** {@code load instrument false <jar>=<options>}: what {@code VirtualMachine.loadAgent} sends. */
    void loadAgent(String jar, String options) throws CliException {
        String answer = new String(execute("load", "instrument", "false", options == null ? jar : jar + "=" + options),
                StandardCharsets.UTF_8).trim();
        // JDK 9+ answers "return code: N", JDK 8 just "N": Agent_OnAttach's result, 0 when agentmain returned.
        String code = answer.startsWith("return code:") ? answer.substring("return code:".length()).trim() : answer;
        if (!code.equals("0")) {
            throw new CliException("loading the agent into JVM " + pid + " failed: " + agentError(code, answer));
        }
    }

    private static String agentError(String code, String answer) {
        if (code.equals("100")) {
            return "the target cannot read the agent jar or it has no Agent-Class (is the jar readable by that user?)";
        }
        if (code.equals("101")) {
            return "the target could not add the agent jar to its class path";
        }
        if (code.equals("102")) {
            return "the agent jar was loaded but the agent failed to start; see the target's standard error";
        }
        return answer.isEmpty() ? "the target did not answer" : answer;
    }

    /** One command, on its own connection (the JVM serves one per connection); returns the output after the status. */
    private byte[] execute(String command, String arg1, String arg2, String arg3) throws CliException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (String s : new String[] {"1", command, arg1, arg2, arg3}) {
            byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
            request.write(bytes, 0, bytes.length);
            request.write(0);
        }
        byte[] answer;
        try (SocketChannel channel = connect()) {
            ByteBuffer out = ByteBuffer.wrap(request.toByteArray());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            answer = drain(Channels.newInputStream(channel));
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot attach to PID " + pid + ": " + Jvms.rootMessage(e) + " (on " + socket + ")");
        }
        int newline = 0;
        while (newline < answer.length && answer[newline] != '\n') {
            newline++;
        }
        String status = new String(answer, 0, newline, StandardCharsets.UTF_8).trim();
        byte[] rest = Arrays.copyOfRange(answer, Math.min(newline + 1, answer.length), answer.length);
        if (!status.equals("0")) {
            String detail = new String(rest, StandardCharsets.UTF_8).trim();
            throw new CliException("JVM " + pid + " refused '" + command + "' (status " + status + ")"
                    + (detail.isEmpty() ? "" : ": " + detail.replace('\n', ' ')));
        }
        return rest;
    }

    private SocketChannel connect() throws Exception {
        ProtocolFamily unix = StandardProtocolFamily.valueOf("UNIX");
        SocketChannel channel = (SocketChannel) SocketChannel.class.getMethod("open", ProtocolFamily.class)
                .invoke(null, unix);
        try {
            SocketAddress address = (SocketAddress) Class.forName("java.net.UnixDomainSocketAddress")
                    .getMethod("of", String.class).invoke(null, socket.getPath());
            channel.connect(address);
            return channel;
        } catch (Exception e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] drain(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
