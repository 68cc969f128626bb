package io.tlsdiag.agent.install;

import io.tlsdiag.agent.util.AgentLog;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Defines {@code io.tlsdiag.bootstrap} (the bridge woven code calls) in the boot class loader, once per JVM, straight
 * from the agent jar's class files: no file is written and the boot class path is not appended to. (Appending it, as
 * many agents do, makes HotSpot print "Sharing is only supported for boot loader classes because bootstrap classpath
 * has been appended" into the host's output and stop using the CDS archive for every class the platform and
 * application loaders load.)
 *
 * <p>The JDK's own {@code Unsafe.defineClass} does it: {@code jdk.internal.misc.Unsafe} from Java 9 on (its package is
 * exported to the agent's module for that, which is the application class path's unnamed module: code there could
 * already do as much through {@code sun.misc.Unsafe}), {@code sun.misc.Unsafe} on Java 8 (not tested: the test
 * suite runs on 17 and 25). Then the modules whose classes get woven are made to read the boot loader's
 * unnamed module, where the bridge is.
 */
final class BootBridge {

    static final String[] CLASSES = {"io.tlsdiag.bootstrap.HookTarget", "io.tlsdiag.bootstrap.Bridge"};

    private BootBridge() {
    }

    /** Returns the boot loader's bridge class; throws when it cannot be defined there (then nothing is woven). */
    static Class<?> install(Instrumentation inst) throws Throwable {
        Class<?> bridge = inBootLoader(CLASSES[1]);
        if (bridge != null) {
            return bridge; // a previous attach of this agent defined it
        }
        ModuleApi modules = ModuleApi.find();
        ZipFile jar = new ZipFile(new File(BootBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        try {
            if (modules != null) {
                modules.exportToAgent(inst, "jdk.internal.misc");
                // A method handle finds the one method; reflection would build Method objects for all of Unsafe's.
                Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                Object unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass)).invoke();
                MethodHandle define = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(Class.class,
                        String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class));
                for (String name : CLASSES) {
                    byte[] bytes = classFile(jar, name);
                    Object ignored = define.invoke(unsafe, name, bytes, 0, bytes.length, (ClassLoader) null,
                            (ProtectionDomain) null);
                }
            } else {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field field = unsafeClass.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                        ClassLoader.class, ProtectionDomain.class);
                for (String name : CLASSES) {
                    byte[] bytes = classFile(jar, name);
                    define.invoke(field.get(null), name, bytes, 0, bytes.length, null, null);
                }
            }
        } finally {
            jar.close();
        }
        bridge = inBootLoader(CLASSES[1]);
        if (bridge == null) {
            throw new IllegalStateException("the bridge is not in the boot class loader");
        }
        if (modules != null) {
            modules.addReadsOfWovenModules(inst, bridge);
        }
        return bridge;
    }

    private static Class<?> inBootLoader(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException notYet) {
            return null;
        }
    }

    /** Read from the agent jar itself: a resource lookup through the class loader would go through a jar: URL. */
    private static byte[] classFile(ZipFile jar, String name) throws Exception {
        ZipEntry entry = jar.getEntry(name.replace('.', '/') + ".class");
        if (entry == null) {
            throw new IllegalStateException(name + " is missing from the agent jar");
        }
        InputStream in = jar.getInputStream(entry);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    /** Java 9's module API, through reflection: this class stays loadable on Java 8. */
    private static final class ModuleApi {
        private final Method getModule;
        private final Method getName;
        private final Method redefineModule;
        private final Object bootLayer;
        private final Method modules;

        private ModuleApi() throws Exception {
            Class<?> moduleClass = Class.forName("java.lang.Module");
            Class<?> layerClass = Class.forName("java.lang.ModuleLayer");
            getModule = Class.class.getMethod("getModule");
            getName = moduleClass.getMethod("getName");
            redefineModule = Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class,
                    Map.class, Set.class, Map.class);
            bootLayer = layerClass.getMethod("boot").invoke(null);
            modules = layerClass.getMethod("modules");
        }

        static ModuleApi find() {
            try {
                return new ModuleApi();
            } catch (Exception java8) {
                return null;
            }
        }

        void exportToAgent(Instrumentation inst, String pkg) throws Exception {
            Object javaBase = getModule.invoke(Object.class);
            Object agent = getModule.invoke(BootBridge.class);
            redefineModule.invoke(inst, javaBase, Collections.emptySet(),
                    Collections.singletonMap(pkg, Collections.singleton(agent)), Collections.emptyMap(),
                    Collections.emptySet(), Collections.emptyMap());
        }

        /**
         * A named module reads only what it declares: java.base, java.net.http and the application's own named modules
         * (whose trust managers may be woven) are made to read the bridge's module.
         */
        void addReadsOfWovenModules(Instrumentation inst, Class<?> bridge) {
            try {
                Object bridgeModule = getModule.invoke(bridge);
                for (Object module : (Set<?>) modules.invoke(bootLayer)) {
                    String name = (String) getName.invoke(module);
                    if (name.equals("java.base") || name.equals("java.net.http")
                            || !(name.startsWith("java.") || name.startsWith("jdk."))) {
                        redefineModule.invoke(inst, module, Collections.singleton(bridgeModule),
                                Collections.emptyMap(), Collections.emptyMap(), Collections.emptySet(),
                                Collections.emptyMap());
                    }
                }
            } catch (Exception e) {
                AgentLog.failure("making modules read the bridge", e);
            }
        }
    }
}
