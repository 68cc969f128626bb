package io.tlsdiag.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;

/**
 * A long-running application to attach to: it reads one URL per line on stdin, calls it over HTTPS, and prints
 * {@code RESULT <url> OK|FAILED ...}. It prints {@code READY} first; the tests drive it and attach to it meanwhile.
 */
public final class DemoService {

    private DemoService() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            String url = line.trim();
            if (url.isEmpty()) {
                continue;
            }
            try {
                System.out.println("RESULT " + url + " OK " + DemoClient.viaUrlConnection(URI.create(url), 3000));
            } catch (Exception e) {
                System.out.println("RESULT " + url + " FAILED " + DemoClient.describe(e));
            }
            System.out.flush();
        }
    }
}
