package io.tlsdiag.it;

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
 * {@code report --html} opened in a real headless Chromium (Debian's): the DOM it builds is checked, and a
 * screenshot is taken. CI installs Chromium and sets tlsdiag.requireBrowser, so there a missing browser fails.
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
        ReportIT.produce();
        Path html = tmp.resolve("report.html");
        Cli.Result r = Cli.run(ReportIT.jdk, tmp, "report", ReportIT.incidents.toString(), "--html", html.toString());
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
        assertTrue(dom.contains("class=\"fault\""), "the certificate at fault is marked");

        Path png = tmp.resolve("report.png");
        chromium(List.of("--window-size=1280,1600", "--screenshot=" + png, html.toUri().toString()));
        assertTrue(Files.size(png) > 10_000, "a real screenshot was rendered");
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
