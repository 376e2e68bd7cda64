package com.tradeul.metasync.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one row of PostgreSQL's {@code COPY ... TO STDOUT} text format (the default format): fields
 * separated by tabs, the row ended by a newline, {@code \N} for NULL and backslash escapes for the
 * bytes that would be read as structure ({@code \\ \t \n \r \b \f \v}, and on input also octal
 * {@code \ooo} and hex {@code \xhh}, accepted here too). Escapes are undone on bytes, before the
 * field is read as UTF-8 (the client encoding pgjdbc asks for), so an escaped byte of a multi-byte
 * character stays one character. A field without a backslash, the usual case, is decoded straight
 * from the row's bytes. Pure; stateless and thread safe.
 */
final class CopyText {

    private CopyText() {}

    /**
     * @param row one CopyData message: a whole row, with or without its final newline
     * @param columns how many fields the row must have
     * @return the fields in order, null for NULL
     * @throws IllegalArgumentException when the row has another number of fields, or a bad escape
     */
    static String[] fields(byte[] row, int columns) {
        int end = row.length;
        if (end > 0 && row[end - 1] == '\n') {
            end--;
        }
        String[] fields = new String[columns];
        int field = 0;
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i <= end; i++) {
            if (i == end || row[i] == '\t') {
                if (field == columns) {
                    throw new IllegalArgumentException("COPY row has more than the " + columns + " fields expected");
                }
                fields[field++] = field(row, start, i, escaped);
                start = i + 1;
                escaped = false;
            } else if (row[i] == '\\') {
                escaped = true;
                i++; // the escaped byte is never a separator (a tab in a value arrives as \t)
            }
        }
        if (field != columns) {
            throw new IllegalArgumentException("COPY row has " + field + " fields, " + columns + " expected");
        }
        return fields;
    }

    private static String field(byte[] row, int from, int to, boolean escaped) {
        if (!escaped) {
            return new String(row, from, to - from, StandardCharsets.UTF_8);
        }
        if (to - from == 2 && row[from] == '\\' && row[from + 1] == 'N') {
            return null;
        }
        return unescaped(row, from, to);
    }

    private static String unescaped(byte[] row, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            byte b = row[i++];
            if (b != '\\') {
                out.write(b);
                continue;
            }
            if (i == to) {
                throw new IllegalArgumentException("COPY field ends with a lone backslash");
            }
            byte e = row[i++];
            switch (e) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'N' -> throw new IllegalArgumentException("COPY field holds \\N inside a value");
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i < to && Character.digit(row[i], 16) >= 0) {
                        value = value * 16 + Character.digit(row[i++], 16);
                        digits++;
                    }
                    if (digits == 0) {
                        out.write('x'); // PostgreSQL reads \x without hex digits as x
                    } else {
                        out.write(value);
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        for (int digits = 1; digits < 3 && i < to && row[i] >= '0' && row[i] <= '7'; digits++) {
                            value = value * 8 + (row[i++] - '0');
                        }
                        out.write(value & 0xff);
                    } else {
                        out.write(e); // any other escaped byte stands for itself, the backslash among them
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
