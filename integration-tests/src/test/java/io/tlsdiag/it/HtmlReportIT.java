package io.tlsdiag.it;

import io.tlsdiag.demo.DemoServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code report --html} opened in a real headless Chromium (Debian's): the DOM it builds is checked (the bars by
 * category, the timeline per group, each chain drawn with the certificate at fault and the failure's moment, and no
 * markup from a hostile certificate), and a screenshot is taken. CI installs Chromium and sets
 * tlsdiag.requireBrowser, so there a missing browser fails.
 */
class HtmlReportIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @Test
    void htmlReportRendersInAHeadlessBrowserWithEveryGroupAndNoInjectedMarkup() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if (Boolean.getBoolean("tlsdiag.requireBrowser")) {
                throw new AssertionError("Chromium is required here (apt-get install chromium)");
            }
            Assumptions.abort("no Chromium at " + CHROMIUM);
        }
        TestJdks.Jdk jdk = TestJdks.all().get(0);
        Path incidents = produce(jdk);
        Path html = tmp.resolve("report.html");
        Cli.Result r = Cli.run(jdk, tmp, "report", incidents.toString(), "--html", html.toString());
        assertEquals(1, r.exitCode(), r.all());
        String page = Files.readString(html);
        assertFalse(page.contains("src=") || page.contains("href=\"http") || page.contains("<link"),
                "self-contained: no external asset");

        String dom = chromium(List.of("--dump-dom", html.toUri().toString()));
        assertTrue(dom.contains("<table id=\"groups\">"), dom);
        Matcher rows = Pattern.compile("<tr class=\"group\"").matcher(dom);
        int count = 0;
        while (rows.find()) {
            count++;
        }
        assertEquals(4, count, "one row per category and peer");
        assertTrue(dom.contains("data-category=\"CERT_EXPIRED\""), dom);
        assertFalse(dom.contains("<script"), "a certificate's '<script>' must stay text, never markup");
        assertTrue(dom.contains("&lt;script"), "shown as text");
        assertTrue(dom.contains("class=\"fault\""), "the certificate at fault is marked in the chain table");

        // At a glance: one bar per category, its count in data-count.
        String bars = element(dom, "<svg", "id=\"categories\"", "</svg>");
        assertEquals(4, count(bars, "<g class=\"category-bar\""), bars);
        assertTrue(bars.contains("data-category=\"CERT_EXPIRED\" data-count=\"2\""), bars);
        assertTrue(Pattern.compile("<rect class=\"bar failure\"[^>]*width=\"[1-9]").matcher(bars).find(), bars);

        // When: a timeline row per group, a mark per incident, the repeats counted.
        String timeline = element(dom, "<svg", "id=\"timeline\"", "</svg>");
        assertEquals(4, count(timeline, "<g class=\"timeline-row\""), timeline);
        assertTrue(timeline.contains("data-category=\"CERT_EXPIRED\" data-occurrences=\"2\""), timeline);
        assertEquals(4, count(timeline, "<g class=\"occurrence "), "one incident file per group here");
        assertTrue(count(timeline, "<g class=\"axis\"") == 1 && count(timeline, "<text x=") >= 2, "a time axis");

        // Each chain as a diagram: one bar per certificate, the one at fault highlighted, the failure's moment.
        assertEquals(4, count(dom, "class=\"chart chain-diagram\""), "every group here has a chain");
        assertEquals(4, count(dom, "<line class=\"incident-time\""), "the moment of the failure, once per chain");
        String expired = section(dom, "CERT_EXPIRED");
        String diagram = element(expired, "<svg", "chain-diagram", "</svg>");
        assertEquals(2, count(diagram, "<rect class=\"cert "), "one bar per certificate:\n" + diagram);
        assertEquals(1, Pattern.compile("<rect class=\"cert [a-z-]+ fault\"").matcher(diagram).results().count(),
                "one certificate at fault:\n" + diagram);
        assertTrue(diagram.contains("<rect class=\"cert expired fault\" data-index=\"0\""), "the expired leaf:\n" + diagram);
        assertTrue(diagram.contains("<rect class=\"cert valid\" data-index=\"1\""), diagram);
        assertTrue(diagram.contains("at fault \u00b7 expired "), diagram);
        assertTrue(expired.contains("<table class=\"chain\">"), "the details stay in a table below");
        String hostile = section(dom, "SELF_SIGNED");
        assertEquals(1, count(element(hostile, "<svg", "chain-diagram", "</svg>"), "<rect class=\"cert "), hostile);

        Path png = tmp.resolve("report.png");
        chromium(List.of("--window-size=1280,2400", "--screenshot=" + png, html.toUri().toString()));
        assertTrue(Files.size(png) > 50_000, "a real screenshot was rendered");
        // Kept for a person to look at: integration-tests/target/html-report.png.
        Files.copy(png, Path.of("target/html-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Incidents of four groups: an expired leaf twice (one incident, two occurrences), a wrong host name, a
     * certificate about to expire, and a self-signed certificate whose names carry markup and terminal escapes.
     */
    private Path produce(TestJdks.Jdk jdk) throws Exception {
        Peers peers = Peers.shared();
        try (DemoServers hostile = new DemoServers(peers.pki, List.of("hostile"))) {
            List<String> args = new ArrayList<>(List.of("--timeout-ms", "1500"));
            args.add("a=" + peers.url("expired"));
            args.add("b=" + peers.url("expired"));
            args.add("c=" + peers.url("wrong-host"));
            args.add("d=" + peers.url("expiring-soon"));
            args.add("e=https://localhost:" + hostile.port("hostile") + "/");
            AgentRun.Result r = new AgentRun(jdk, tmp.resolve("run")).agentOptions("output=incidents")
                    .jvmArg(peers.trustStoreArg()).jvmArg(Peers.trustStorePasswordArg())
                    .run("io.tlsdiag.demo.DemoClient", args);
            assertEquals(0, r.exitCode(), r.describe());
        }
        return tmp.resolve("run/incidents");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** The first element that starts with {@code open}, has {@code marker} in its start tag, up to {@code close}. */
    private static String element(String dom, String open, String marker, String close) {
        for (int i = dom.indexOf(open); i >= 0; i = dom.indexOf(open, i + 1)) {
            int tagEnd = dom.indexOf('>', i);
            if (dom.substring(i, tagEnd).contains(marker)) {
                return dom.substring(i, dom.indexOf(close, tagEnd) + close.length());
            }
        }
        throw new AssertionError("no " + open + " with " + marker + " in:\n" + dom);
    }

    /** The detail section of the group of {@code category}. */
    private static String section(String dom, String category) {
        for (String part : dom.split("<section class=\"incident\"")) {
            if (part.contains("\">" + category + "</span>")) {
                return part.substring(0, part.contains("</section>") ? part.indexOf("</section>") : part.length());
            }
        }
        throw new AssertionError("no section for " + category);
    }

    private String chromium(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(args);
        Path out = tmp.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(out.toFile())
                .redirectError(tmp.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        return Files.readString(out);
    }
}
