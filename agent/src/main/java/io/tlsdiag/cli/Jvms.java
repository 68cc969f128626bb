package io.tlsdiag.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDK attach API ({@code com.sun.tools.attach}, module jdk.attach), reached by reflection because the jar is
 * Java 8 bytecode and the API is not part of the Java 8 platform classes. Every failure becomes a
 * {@link CliException} with one sentence a person can act on.
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

    private Jvms() {
    }

    private static Class<?> vmClass() throws CliException {
        try {
            return Class.forName("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException e) {
            throw new CliException("this Java runtime has no attach support (module jdk.attach); run tlsdiag with a "
                    + "full JDK, e.g. " + System.getProperty("java.home") + " is a JRE");
        }
    }

    static List<Jvm> list() throws CliException {
        List<Jvm> out = new ArrayList<Jvm>();
        try {
            List<?> descriptors = (List<?>) vmClass().getMethod("list").invoke(null);
            // Methods are looked up on the exported API types: the implementations live in unexported packages.
            Class<?> descriptor = Class.forName("com.sun.tools.attach.VirtualMachineDescriptor");
            String self = selfPid();
            for (Object d : descriptors) {
                String id = (String) descriptor.getMethod("id").invoke(d);
                if (!id.equals(self)) {
                    out.add(new Jvm(id, (String) descriptor.getMethod("displayName").invoke(d)));
                }
            }
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("cannot list JVMs: " + rootMessage(e));
        }
        return out;
    }

    /** The target's system properties, read through the attach API without loading anything into it. */
    static Properties properties(String pid) throws CliException {
        Object vm = attach(pid);
        try {
            return (Properties) vmClass().getMethod("getSystemProperties").invoke(vm);
        } catch (Exception e) {
            throw new CliException("cannot read the system properties of JVM " + pid + ": " + rootMessage(e));
        } finally {
            detachQuietly(vm);
        }
    }

    /** Loads {@code jar} as an agent into the target with {@code options}; returns when agentmain has returned. */
    static void loadAgent(String pid, File jar, String options) throws CliException {
        Object vm = attach(pid);
        try {
            Method load = vmClass().getMethod("loadAgent", String.class, String.class);
            load.invoke(vm, jar.getAbsolutePath(), options);
        } catch (Exception e) {
            throw new CliException("loading the agent into JVM " + pid + " failed: " + rootMessage(e));
        } finally {
            detachQuietly(vm);
        }
    }

    private static Object attach(String pid) throws CliException {
        Class<?> vmClass = vmClass();
        if (!pid.matches("[0-9]+")) {
            throw new CliException("'" + pid + "' is not a process id");
        }
        File proc = new File("/proc/" + pid);
        if (new File("/proc/self").exists() && !proc.exists()) {
            throw new CliException("no process with PID " + pid + candidates());
        }
        try {
            return vmClass.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            throw new CliException(explainAttachFailure(pid, e.getCause()));
        } catch (Exception e) {
            throw new CliException("cannot attach to JVM " + pid + ": " + rootMessage(e));
        }
    }

    private static String explainAttachFailure(String pid, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        String owner = ownerOf(pid);
        String me = ownerOf("self");
        if (owner != null && me != null && !owner.equals(me) && !"0".equals(me)) {
            return "cannot attach to PID " + pid + ": it runs as another user (uid " + owner + "); run tlsdiag as that "
                    + "user, e.g. with sudo -u '#" + owner + "' java -jar tlsdiag.jar ...";
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

    private static void detachQuietly(Object vm) {
        try {
            vmClass().getMethod("detach").invoke(vm);
        } catch (Exception ignored) {
            // the connection is going away anyway
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while ((c instanceof InvocationTargetException || c.getCause() != null) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
