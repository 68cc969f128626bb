package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's parsing, in this JVM (CommandLineIT runs the real jar on JDK 17 and 25): help, version, options
 * anywhere, and errors as one line with exit code 2.
 */
class MainTest {

    private static final Pattern EXCEPTION_NAME = Pattern.compile("[A-Za-z]+(Exception|Error)\\b|java\\.lang\\.");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionBothWays() {
        for (String flag : List.of("--version", "-V")) {
            Run r = run(flag);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("tlsdiag "), r.out());
            assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
        }
    }

    @Test
    void helpForACommandIsThatCommandsHelp() {
        Run help = run("help", "attach");
        Run option = run("attach", "--help");
        assertEquals(0, help.exit());
        assertEquals(0, option.exit());
        assertTrue(help.out().startsWith("usage: tlsdiag attach "), help.out());
        assertEquals(option.out(), help.out());
        for (String command : List.of("list", "detach", "status", "probe", "report", "show")) {
            Run r = run("help", command);
            assertTrue(r.out().startsWith("usage: tlsdiag " + command), r.out());
        }
        Run top = run("help");
        assertEquals(0, top.exit());
        assertTrue(top.out().startsWith("usage: tlsdiag "), top.out());
        for (String command : List.of("list", "attach", "detach", "status", "probe", "report", "show")) {
            assertTrue(top.out().contains("\n  " + command + " "), command + " in\n" + top.out());
        }
        assertTrue(help.out().lines().allMatch(l -> l.length() <= 80), "80 columns:\n" + help.out());
    }

    @Test
    void attachHelpListsEveryAgentOptionWithItsDefault() {
        String help = run("attach", "--help").out();
        for (String[] option : new String[][] {{"output", "tlsdiag-incidents"}, {"queueSize", "256"},
            {"maxStackDepth", "64"}, {"dedupWindowSeconds", "600"}, {"maxIncidents", "1000"},
            {"maxBytes", "52428800"}, {"expiryWarningDays", "30"}, {"debug", "false"}}) {
            assertTrue(help.lines().anyMatch(l -> l.matches("\\s+" + option[0] + "\\s+" + option[1] + "(\\s.*)?")),
                    option[0] + "=" + option[1] + " in\n" + help);
        }
    }

    @Test
    void noCommandPrintsTheUsageOnStderr() {
        Run r = run();
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("usage: tlsdiag"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void errorsAreOneLineWithExitCodeTwoAndNoExceptionName() {
        String[][] cases = {
            {"frobnicate"},
            {"probe", "host:abc"},
            {"probe", "localhost:99999"},
            {"probe", "https://[bad"},
            {"probe", "--frob", "localhost:443"},
            {"probe"},
            {"probe", "localhost:443", "--proxy", "nohost"},
            {"probe", "localhost:443", "--output"},
            {"attach"},
            {"attach", "1", "2"},
            {"status", "abc"},
            {"report", "a", "b"},
            {"report", tmp.toString(), "--json", "--html", "x.html"},
            {"help", "frobnicate"},
        };
        for (String[] args : cases) {
            Run r = run(args);
            String what = String.join(" ", args) + " -> " + r;
            assertEquals(2, r.exit(), what);
            assertEquals(1, r.err().lines().count(), what);
            assertTrue(r.err().startsWith("tlsdiag"), what);
            assertFalse(EXCEPTION_NAME.matcher(r.err()).find(), what);
            assertEquals("", r.out(), what);
        }
        assertEquals("tlsdiag probe: 'host:abc': the port must be a number from 1 to 65535, not 'abc'\n",
                run("probe", "host:abc").err());
        assertTrue(run("frobnicate").err().startsWith("tlsdiag: unknown command 'frobnicate' (commands: list, "),
                run("frobnicate").err());
        assertTrue(run("probe", "--frob", "x:1").err().startsWith("tlsdiag probe: unknown option '--frob'"));
    }

    @Test
    void optionsGoBeforeOrAfterTheArgumentsAndTakeEqualsSigns() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        for (String[] args : new String[][] {{"report", dir.toString(), "--json"}, {"report", "--json",
            dir.toString()}}) {
            Run r = run(args);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().trim().startsWith("{"), r.out());
            assertTrue(r.out().contains("\"incidentFiles\" : 0"), r.out());
        }
        Path html = tmp.resolve("r.html");
        Run r = run("report", "--html=" + html, dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.isRegularFile(html));
        Run show = run("show", "--dir=" + dir, "nope");
        assertEquals(2, show.exit());
        assertTrue(show.err().contains("no incident 'nope' (looked for a file, and in " + dir), show.err());
    }

    @Test
    void exceptionNamesAreTakenOutOfMessages() {
        assertEquals("bad value", Main.oneLine("java.lang.IllegalArgumentException: bad value"));
        assertEquals("cannot convert 'x' (bad)", Main.oneLine("cannot convert 'x' (NumberFormatException: bad)"));
        assertEquals("a; b", Main.oneLine("a\n  b"));
    }
}
