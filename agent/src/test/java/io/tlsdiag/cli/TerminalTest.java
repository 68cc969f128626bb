package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the command line colours its output and may prompt (the integration tests run it on a real terminal too). */
class TerminalTest {

    @Test
    void noConsoleIsNeverInteractive() {
        assertFalse(Terminal.interactive(false, 17, () -> true));
        assertFalse(Terminal.interactive(false, 25, () -> true));
    }

    @Test
    void upToJdk21AConsoleMeansATerminal() {
        assertTrue(Terminal.interactive(true, 8, () -> {
            throw new AssertionError("isTerminal() does not exist before JDK 22");
        }));
        assertTrue(Terminal.interactive(true, 21, () -> false));
    }

    /** JDK-8309155: on JDK 22 to 24 System.console() is there even when the output is redirected. */
    @Test
    void fromJdk22OnlyIsTerminalCounts() {
        assertFalse(Terminal.interactive(true, 22, () -> false));
        assertFalse(Terminal.interactive(true, 24, () -> false));
        assertTrue(Terminal.interactive(true, 25, () -> true));
        assertFalse(Terminal.interactive(true, 23, () -> {
            throw new NoSuchMethodException("isTerminal");
        }), "when it cannot tell: no colour, no prompt");
    }

    @Test
    void noColorAndDumbTerminalsSwitchColourOff() {
        assertTrue(Terminal.colourAllowed(null, "xterm-256color"));
        assertTrue(Terminal.colourAllowed("", null), "NO_COLOR counts only when it is not empty");
        assertFalse(Terminal.colourAllowed("1", "xterm"));
        assertFalse(Terminal.colourAllowed(null, "dumb"));
    }

    @Test
    void thisTestsOutputIsNotATerminal() {
        // Surefire redirects it: whatever the JDK, no colour.
        assertFalse(Terminal.forStream(System.out).colour());
        assertFalse(Terminal.forStream(null).colour());
    }
}
