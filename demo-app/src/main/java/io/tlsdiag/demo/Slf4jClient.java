package io.tlsdiag.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * An application that logs through SLF4J (run it with slf4j-api and a binding on the class path). Like most
 * applications it sets up its logging in {@code main} (Spring Boot, for one, configures Logback after it has started):
 * had anything initialised SLF4J before, its configuration would be missed, and {@code --log-file} with it.
 *
 * <pre>Slf4jClient [--log-file FILE] NAME=https://host:port/ ...</pre>
 *
 * The log file is slf4j-simple's ({@code org.slf4j.simpleLogger.logFile}); each call prints a RESULT line as
 * {@link DemoClient} does.
 */
public final class Slf4jClient {

    private Slf4jClient() {
    }

    public static void main(String[] args) throws Exception {
        int first = 0;
        if (args.length > 1 && args[0].equals("--log-file")) {
            System.setProperty("org.slf4j.simpleLogger.logFile", args[1]);
            first = 2;
        }
        Logger log = LoggerFactory.getLogger(Slf4jClient.class);
        log.info("application started");
        int failures = 0;
        for (int i = first; i < args.length; i++) {
            String[] target = args[i].split("=", 2);
            try {
                String result = DemoClient.viaUrlConnection(URI.create(target[1]), 3000);
                log.info("call {} answered", target[0]);
                System.out.println("RESULT " + target[0] + " OK " + result);
            } catch (Exception e) {
                failures++;
                log.info("call {} failed: {}", target[0], e.toString());
                System.out.println("RESULT " + target[0] + " FAILED " + DemoClient.describe(e));
            }
        }
        log.info("application done");
        System.out.println("DONE failures=" + failures);
    }
}
