package io.tlsdiag.cli;

/** Output hygiene: certificate fields are attacker-controlled and must never reach a terminal as control codes. */
final class Terminal {

    private Terminal() {
    }

    /** Replaces every control character (ESC included) with a visible escape. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
