package io.tlsdiag.demo;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * An application server in miniature: a "web application" whose libraries (SLF4J and its binding) are in its own
 * class loader, invisible from the system class path, and a request thread that runs with that loader as its context
 * class loader, as servlet containers do. The request makes the HTTPS calls.
 *
 * <pre>ContainerClient --webapp-libs a.jar:b.jar [--log-file FILE] NAME=https://host:port/ ...</pre>
 */
public final class ContainerClient {

    private ContainerClient() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> libs = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        String logFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--webapp-libs")) {
                for (String jar : args[++i].split(File.pathSeparator)) {
                    libs.add(new File(jar).toURI().toURL());
                }
            } else if (args[i].equals("--log-file")) {
                logFile = args[++i];
            } else {
                calls.add(args[i]);
            }
        }
        if (logFile != null) {
            System.setProperty("org.slf4j.simpleLogger.logFile", logFile);
        }
        // Parent: the platform loader, so the web application's classes come from its own jars only.
        ClassLoader webapp = new URLClassLoader(libs.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        try {
            Class.forName("org.slf4j.LoggerFactory");
            throw new IllegalStateException("SLF4J must not be on the system class path for this demo");
        } catch (ClassNotFoundException expected) {
            // as in a container: only the web application sees its SLF4J
        }
        Object log = webapp.loadClass("org.slf4j.LoggerFactory").getMethod("getLogger", String.class)
                .invoke(null, "webapp");
        Method info = webapp.loadClass("org.slf4j.Logger").getMethod("info", String.class);
        info.invoke(log, "web application started");
        int[] failures = {0};
        Thread request = new Thread(() -> {
            for (String call : calls) {
                String[] target = call.split("=", 2);
                try {
                    String result = DemoClient.viaUrlConnection(URI.create(target[1]), 3000);
                    System.out.println("RESULT " + target[0] + " OK " + result);
                } catch (Exception e) {
                    failures[0]++;
                    System.out.println("RESULT " + target[0] + " FAILED " + DemoClient.describe(e));
                }
            }
        }, "http-nio-8080-exec-1");
        request.setContextClassLoader(webapp);
        request.start();
        request.join();
        System.out.println("DONE failures=" + failures[0]);
    }
}
