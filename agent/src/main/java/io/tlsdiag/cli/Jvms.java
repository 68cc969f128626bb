package io.tlsdiag.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Attach, whichever way this Java runtime allows: the JDK's attach API ({@link JdkAttach}: the jdk.attach module, or
 * a JDK 8's tools.jar), else the HotSpot attach protocol over the target's UNIX socket ({@link SocketAttach}: a JRE
 * image of Java 16 or newer). Every failure becomes a {@link CliException} with one sentence a person can act on.
 */
final class Jvms {

    /** A running JVM this user can see. */
    static final class Jvm {
        final String pid;
        final String displayName;

        Jvm(String pid, String displayName) {
            this.pid = pid;
            this.displayName = displayName;
        }
    }

    private static JdkAttach jdk;
    private static boolean looked;

    private Jvms() {
    }

    /** The JDK's attach API, or null in a runtime without one. */
    private static synchronized JdkAttach jdk() {
        if (!looked) {
            jdk = JdkAttach.find();
            looked = true;
        }
        return jdk;
    }

    private static CliException noAttach() {
        return new CliException("this Java runtime (" + System.getProperty("java.version") + " at "
                + System.getProperty("java.home") + ") cannot attach: it has no attach API (module jdk.attach, or a "
                + "JDK 8's tools.jar) and is older than Java 16, which tlsdiag's own attach needs; run tlsdiag with a "
                + "JDK or any Java 17+ runtime");
    }

    static List<Jvm> list() throws CliException {
        List<Jvm> out = new ArrayList<Jvm>();
        String self = selfPid();
        try {
            if (jdk() != null) {
                for (Jvm j : jdk().list()) {
                    if (!j.pid.equals(self)) {
                        out.add(j);
                    }
                }
            } else {
                // The files the JDK's list reads: the JVMs whose perf data this user can read, that accept attach.
                for (PerfData p : PerfData.all(SocketAttach.targetTmp(self))) {
                    if (!p.pid.equals(self) && p.attachable()) {
                        out.add(new Jvm(p.pid, p.command()));
                    }
                }
            }
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot list JVMs: " + rootMessage(e));
        }
        return out;
    }

    /** The target's system properties, read through attach without loading anything into it. */
    static Properties properties(String pid) throws CliException {
        checkPid(pid);
        JdkAttach api = jdk();
        if (api == null) {
            return socket(pid).systemProperties();
        }
        Object vm = attach(api, pid);
        try {
            return api.systemProperties(vm);
        } catch (Exception e) {
            throw new CliException("cannot read the system properties of JVM " + pid + ": " + rootMessage(e));
        } finally {
            api.detach(vm);
        }
    }

    /** Loads {@code jar} as an agent into the target with {@code options}; returns when agentmain has returned. */
    static void loadAgent(String pid, File jar, String options) throws CliException {
        checkPid(pid);
        JdkAttach api = jdk();
        if (api == null) {
            socket(pid).loadAgent(jar.getAbsolutePath(), options);
            return;
        }
        Object vm = attach(api, pid);
        try {
            api.loadAgent(vm, jar.getAbsolutePath(), options);
        } catch (Exception e) {
            throw new CliException("loading the agent into JVM " + pid + " failed: " + rootMessage(e));
        } finally {
            api.detach(vm);
        }
    }

    private static void checkPid(String pid) throws CliException {
        if (!pid.matches("[0-9]+")) {
            throw new CliException("'" + pid + "' is not a process id");
        }
        File proc = new File("/proc/" + pid);
        if (new File("/proc/self").exists() && !proc.exists()) {
            throw new CliException("no process with PID " + pid + candidates());
        }
    }

    private static Object attach(JdkAttach api, String pid) throws CliException {
        try {
            return api.attach(pid);
        } catch (InvocationTargetException e) {
            throw new CliException(explainAttachFailure(pid, e.getCause()));
        } catch (Exception e) {
            throw new CliException("cannot attach to PID " + pid + ": " + rootMessage(e));
        }
    }

    private static SocketAttach socket(String pid) throws CliException {
        if (!SocketAttach.supported()) {
            throw noAttach();
        }
        String owner = ownerOf(pid);
        String me = ownerOf("self");
        if (owner != null && me != null && !owner.equals(me) && !"0".equals(me)) {
            throw new CliException(anotherUser(pid, owner));
        }
        return SocketAttach.attach(pid);
    }

    private static String anotherUser(String pid, String owner) {
        return "cannot attach to PID " + pid + ": it runs as another user (uid " + owner + "); run tlsdiag as that "
                + "user, e.g. with sudo -u '#" + owner + "' java -jar tlsdiag.jar ...";
    }

    private static String explainAttachFailure(String pid, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        String owner = ownerOf(pid);
        String me = ownerOf("self");
        if (owner != null && me != null && !owner.equals(me) && !"0".equals(me)) {
            return anotherUser(pid, owner);
        }
        if (cause.getClass().getName().endsWith("AttachNotSupportedException")) {
            if (message.contains("No such process")) {
                return "no process with PID " + pid + candidates();
            }
            return "cannot attach to PID " + pid + ": " + message + ". It may not be a HotSpot/OpenJDK JVM, it may run "
                    + "with -XX:+DisableAttachMechanism, or (in a container) its attach socket .java_pid" + pid
                    + " is in a temp directory this process cannot see; see the README, 'Attaching'";
        }
        return "cannot attach to PID " + pid + ": " + message + " (started with -XX:+DisableAttachMechanism? another "
                + "user? a container whose /tmp this process cannot see?)";
    }

    private static String candidates() {
        try {
            List<Jvm> jvms = list();
            if (jvms.isEmpty()) {
                return "; no JVM of this user is running";
            }
            StringBuilder sb = new StringBuilder("; JVMs this user can attach to:");
            for (Jvm j : jvms) {
                sb.append("\n  ").append(j.pid).append("  ").append(j.displayName);
            }
            return sb.toString();
        } catch (CliException e) {
            return "";
        }
    }

    /** The real uid of a Linux process, from /proc; null elsewhere. */
    static String ownerOf(String pid) {
        try {
            for (String line : Files.readAllLines(new File("/proc/" + pid + "/status").toPath())) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (Exception ignored) {
            // not Linux, or the process is gone
        }
        return null;
    }

    static String selfPid() {
        String name = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(0, name.indexOf('@'));
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while ((c instanceof InvocationTargetException || c.getCause() != null) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
