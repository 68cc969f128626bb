package io.tlsdiag.cli;

/**
 * Output hygiene for terminals. Certificate fields are chosen by whoever made the certificate and may hold control
 * characters and escape sequences, so every such string goes through {@link #safe}. Colour is used only when the
 * output is an interactive terminal and {@code NO_COLOR} is not set (https://no-color.org).
 */
final class Terminal {

    private final boolean colour;

    private Terminal(boolean colour) {
        this.colour = colour;
    }

    static Terminal forStream(java.io.PrintStream out) {
        boolean tty = out == System.out && System.console() != null;
        String noColor = System.getenv("NO_COLOR");
        String term = System.getenv("TERM");
        return new Terminal(tty && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term));
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
