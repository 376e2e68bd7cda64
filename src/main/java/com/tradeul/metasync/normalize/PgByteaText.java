package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * bytea in either of PostgreSQL's output forms. Hex ({@code bytea_output = hex}, the default):
 * {@code \x} and two hex digits a byte. Escape: printable ASCII as itself, a backslash as
 * {@code \\}, every other byte as {@code \ooo}. Escape output never starts with {@code \x} (a
 * backslash there is followed by a backslash or an octal digit), so the two never collide.
 * Stateless and thread safe.
 */
final class PgByteaText {

    private static final Pattern HEX = Pattern.compile("\\\\x(?:[0-9a-fA-F]{2})*");

    private PgByteaText() {}

    static ColumnValue parse(String text) {
        if (text.startsWith("\\x")) {
            if (!HEX.matcher(text).matches()) {
                throw new UnparsableValueException("bytea", "hex form with other than pairs of hex digits", text);
            }
            return new ColumnValue.Bytes(HexFormat.of().parseHex(text, 2, text.length()));
        }
        return new ColumnValue.Bytes(escaped(text));
    }

    private static byte[] escaped(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                bytes.write('\\');
                i += 2;
            } else if (c == '\\' && isOctalByte(text, i + 1)) {
                bytes.write(Integer.parseInt(text, i + 1, i + 4, 8));
                i += 4;
            } else if (c >= 0x20 && c <= 0x7e && c != '\\') {
                bytes.write(c);
                i++;
            } else {
                throw new UnparsableValueException("bytea", "neither bytea_output hex (\\x…) nor escape form "
                        + "(printable ASCII, \\\\, \\ooo): character " + (i + 1) + " cannot be read", text);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isOctalByte(String text, int start) {
        return start + 3 <= text.length()
                && text.charAt(start) >= '0' && text.charAt(start) <= '3'
                && isOctalDigit(text.charAt(start + 1)) && isOctalDigit(text.charAt(start + 2));
    }

    private static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }
}
