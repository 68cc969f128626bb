package io.tlsdiag.agent.diagnosis;

import javax.security.auth.x500.X500Principal;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The common name (CN) of a distinguished name, read from its DER encoding. The string forms escape the characters
 * that separate attributes ({@code CN=Doe\, John}); reading the encoding needs no unescaping at all, and it needs no
 * class outside java.base (javax.naming is not in every runtime image). Of several CNs, the most specific is the
 * last in the encoding (RFC 6125 6.4.4), which the RFC 2253 string prints first.
 */
final class CommonName {

    /** 2.5.4.3, id-at-commonName, as its DER content octets. */
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};

    private CommonName() {
    }

    /** The most specific common name, or null when there is none or it is not a string type. */
    static String of(X500Principal name) {
        try {
            return mostSpecific(name.getEncoded());
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String mostSpecific(byte[] der) {
        Der name = new Der(der, 0, der.length).enter(0x30);
        String found = null;
        while (name.more()) {
            Der rdn = name.enter(0x31);
            while (rdn.more()) {
                Der attribute = rdn.enter(0x30);
                byte[] type = attribute.content(0x06);
                int tag = attribute.tag();
                byte[] value = attribute.content(tag);
                if (Arrays.equals(type, COMMON_NAME)) {
                    String text = text(tag, value);
                    if (text != null) {
                        found = text;
                    }
                }
            }
        }
        return found;
    }

    /** The DirectoryString choices (RFC 5280), plus IA5String and VisibleString seen in the wild. */
    private static String text(int tag, byte[] value) {
        switch (tag) {
            case 0x0c: return new String(value, Charset.forName("UTF-8"));
            case 0x13: // PrintableString
            case 0x16: // IA5String
            case 0x1a: return new String(value, Charset.forName("US-ASCII")); // VisibleString
            case 0x14: return new String(value, Charset.forName("ISO-8859-1")); // TeletexString, as the JDK reads it
            case 0x1e: return new String(value, Charset.forName("UTF-16BE")); // BMPString
            case 0x1c: return new String(value, Charset.forName("UTF-32BE")); // UniversalString
            default: return null;
        }
    }

    /** A cursor over DER elements between {@code pos} and {@code end}; malformed input throws. */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            check(pos < end);
            return b[pos] & 0xff;
        }

        /** The next element, which must have {@code tag}, as a cursor over its content. */
        Der enter(int tag) {
            int[] span = next(tag);
            return new Der(b, span[0], span[1]);
        }

        byte[] content(int tag) {
            int[] span = next(tag);
            return Arrays.copyOfRange(b, span[0], span[1]);
        }

        private int[] next(int tag) {
            check(tag() == tag);
            pos++;
            check(pos < end);
            int length = b[pos++] & 0xff;
            if (length > 0x80) {
                int octets = length - 0x80;
                check(octets <= 3 && pos + octets <= end);
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (b[pos++] & 0xff);
                }
            } else {
                check(length != 0x80); // indefinite length is not DER
            }
            int start = pos;
            check(length <= end - start);
            pos = start + length;
            return new int[] {start, pos};
        }

        private static void check(boolean ok) {
            if (!ok) {
                throw new IllegalArgumentException("malformed distinguished name");
            }
        }
    }
}
