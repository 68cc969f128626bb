package io.tlsdiag.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDK's attach API ({@code com.sun.tools.attach}), reached by reflection because the jar is Java 8 bytecode and
 * the API is not part of the Java 8 platform classes: from the jdk.attach module (JDK 9+), or from a JDK 8's
 * {@code lib/tools.jar}, which {@code java -jar} does not put on the class path.
 */
final class JdkAttach {

    private final Class<?> vmClass;
    private final Class<?> descriptorClass;

    private JdkAttach(Class<?> vmClass, Class<?> descriptorClass) {
        this.vmClass = vmClass;
        this.descriptorClass = descriptorClass;
    }

    /** The attach API of this runtime, or null when it has none (a JRE). */
    static JdkAttach find() {
        JdkAttach api = load(JdkAttach.class.getClassLoader());
        if (api != null) {
            return api;
        }
        File toolsJar = toolsJar();
        if (toolsJar != null) {
            try {
                // Parent: the boot loader; tools.jar needs nothing else, and its native half ships with the JDK 8.
                return load(new URLClassLoader(new URL[] {toolsJar.toURI().toURL()}, null));
            } catch (Exception ignored) {
                // an unusable tools.jar: as if there were none
            }
        }
        return null;
    }

    /** A JDK 8's tools.jar ({@code java.home} is its {@code jre} folder), or null. */
    static File toolsJar() {
        String home = System.getProperty("java.home");
        for (String candidate : new String[] {"../lib/tools.jar", "lib/tools.jar"}) {
            File f = new File(home, candidate);
            if (f.isFile()) {
                return f;
            }
        }
        return null;
    }

    private static JdkAttach load(ClassLoader loader) {
        try {
            return new JdkAttach(Class.forName("com.sun.tools.attach.VirtualMachine", true, loader),
                    Class.forName("com.sun.tools.attach.VirtualMachineDescriptor", true, loader));
        } catch (Throwable e) {
            return null; // ClassNotFoundException, or tools.jar's native library missing (UnsatisfiedLinkError)
        }
    }

    List<Jvms.Jvm> list() throws Exception {
        List<Jvms.Jvm> out = new ArrayList<Jvms.Jvm>();
        // Methods are looked up on the exported API types: the implementations live in unexported packages.
        for (Object d : (List<?>) vmClass.getMethod("list").invoke(null)) {
            out.add(new Jvms.Jvm((String) descriptorClass.getMethod("id").invoke(d),
                    (String) descriptorClass.getMethod("displayName").invoke(d)));
        }
        return out;
    }

    /** Attaches; the cause of an {@link InvocationTargetException} is the API's own exception. */
    Object attach(String pid) throws Exception {
        return vmClass.getMethod("attach", String.class).invoke(null, pid);
    }

    Properties systemProperties(Object vm) throws Exception {
        return (Properties) vmClass.getMethod("getSystemProperties").invoke(vm);
    }

    void loadAgent(Object vm, String jar, String options) throws Exception {
        vmClass.getMethod("loadAgent", String.class, String.class).invoke(vm, jar, options);
    }

    void detach(Object vm) {
        try {
            vmClass.getMethod("detach").invoke(vm);
        } catch (Exception ignored) {
            // the connection is going away anyway
        }
    }
}
