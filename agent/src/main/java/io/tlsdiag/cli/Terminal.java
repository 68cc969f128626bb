package io.tlsdiag.cli;

/**
 * Output hygiene for terminals. Certificate fields are chosen by whoever made the certificate and may hold control
 * characters and escape sequences, so every such string goes through {@link #safe}. Colour is used only when the
 * output is an interactive terminal and {@code NO_COLOR} is not set (https://no-color.org): redirected output never
 * carries escape codes.
 */
final class Terminal {

    private final boolean colour;

    private Terminal(boolean colour) {
        this.colour = colour;
    }

    static Terminal forStream(java.io.PrintStream out) {
        return new Terminal(out == System.out && colourAllowed(System.getenv("NO_COLOR"), System.getenv("TERM"))
                && isInteractive());
    }

    /** Whether escape codes go out: only when asked for colour at all. */
    boolean colour() {
        return colour;
    }

    static boolean colourAllowed(String noColor, String term) {
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
    }

    /**
     * Whether this JVM's stdin and stdout are a terminal (a person is there to read colour and answer a prompt). Up
     * to JDK 21 that is {@code System.console() != null}; JDK 22 to 24 return a console even when the output is
     * redirected (JDK-8309155), and only its {@code isTerminal()} (JDK 22+, so called by reflection) tells.
     */
    static boolean isInteractive() {
        final java.io.Console console = System.console();
        return interactive(console != null, javaFeature(), new java.util.concurrent.Callable<Boolean>() {
            @Override
            public Boolean call() throws Exception {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
            }
        });
    }

    /** The decision of {@link #isInteractive}, apart from the JVM it runs in (unit-tested). */
    static boolean interactive(boolean hasConsole, int javaFeature, java.util.concurrent.Callable<Boolean> isTerminal) {
        if (!hasConsole) {
            return false;
        }
        if (javaFeature < 22) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(isTerminal.call());
        } catch (Exception unknown) {
            return false; // no colour, no prompt: the safe side
        }
    }

    /** 8 for "1.8", 17 for "17". */
    static int javaFeature() {
        String v = System.getProperty("java.specification.version", "8");
        try {
            return v.startsWith("1.") ? Integer.parseInt(v.substring(2)) : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 8;
        }
    }

    /** Replaces every control character (ESC included) with a visible escape. */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    String red(String s) {
        return wrap("31", s);
    }

    String green(String s) {
        return wrap("32", s);
    }

    String yellow(String s) {
        return wrap("33", s);
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    private String wrap(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
