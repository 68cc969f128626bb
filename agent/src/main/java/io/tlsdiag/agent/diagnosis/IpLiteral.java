package io.tlsdiag.agent.diagnosis;

/**
 * IP address literals, parsed here rather than by {@code InetAddress.getByName}, which looks up in DNS whatever is not
 * a literal it knows: the agent must never do that on an application's thread. Strict: a dotted quad has four
 * decimal parts of 0-255; IPv6 follows RFC 4291 (one "::" at most, a dotted quad only as the last 32 bits).
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * The address's bytes (4 for IPv4 and for IPv4-mapped IPv6, which is the same address; 16 for other IPv6), or
     * null when {@code text} is not a literal. Brackets and a zone ("%eth0") are accepted and the zone ignored.
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return s == text ? ipv4(s) : null;
        }
        byte[] v6 = ipv6(s);
        return v6 == null ? null : unmapped(v6);
    }

    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i < s.length() && s.charAt(i) != '.') {
                continue;
            }
            int len = i - start;
            if (part == 4 || len < 1 || len > 3) {
                return null;
            }
            int value = 0;
            for (int j = start; j < i; j++) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            out[part++] = (byte) value;
            start = i + 1;
        }
        return part == 4 ? out : null;
    }

    private static byte[] ipv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == s.length() - 1) {
                return null;
            }
            s = s.substring(0, zone);
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = words(gap >= 0 ? s.substring(0, gap) : s, gap < 0);
        int[] tail = gap >= 0 ? words(s.substring(gap + 2), true) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (gap >= 0 ? given > 7 : given != 8) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(out, 8 - tail.length + i, tail[i]);
        }
        return out;
    }

    /** 16-bit words of a colon-separated part; a dotted quad may end the last part (two words). */
    private static int[] words(String part, boolean last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] groups = part.split(":", -1);
        int[] out = new int[groups.length + 1];
        int n = 0;
        for (int g = 0; g < groups.length; g++) {
            String group = groups[g];
            if (last && g == groups.length - 1 && group.indexOf('.') >= 0) {
                byte[] v4 = ipv4(group);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (group.isEmpty() || group.length() > 4) {
                return null;
            }
            int value = 0;
            for (int i = 0; i < group.length(); i++) {
                int digit = Character.digit(group.charAt(i), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            out[n++] = value;
        }
        int[] exact = new int[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
    }

    private static void put(byte[] out, int word, int value) {
        out[2 * word] = (byte) (value >> 8);
        out[2 * word + 1] = (byte) value;
    }

    /** ::ffff:a.b.c.d is the IPv4 address a.b.c.d (as InetAddress and the JDK's hostname check treat it). */
    private static byte[] unmapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return v6;
        }
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
}
