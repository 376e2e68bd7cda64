package com.tradeul.metasync.capture;

import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.time.temporal.Temporal;
import java.util.HexFormat;
import java.util.UUID;
import org.postgresql.jdbc.PgArray;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * PostgreSQL's output text of a value, from what Debezium 3.6.1 hands a custom converter: the text
 * itself where it has it (the snapshot reads every column as text; pgoutput arrays arrive as
 * {@link PgArray}s holding their text; text types, uuid, time and bit strings as Strings), else
 * the text rebuilt from the Java value Debezium parsed it into, exactly as PostgreSQL prints it
 * under the session settings metasync pins (numeric {@code NaN}, bool {@code t}, bytea
 * {@code \x…}, money under {@code lc_monetary=C}; temporal values by {@link OutputTemporalText}).
 * {@code normalize.PgText} reads it back.
 *
 * <p>Depends only on Debezium's, Kafka Connect's and pgjdbc's classes, so the converter runs on a
 * Kafka Connect plugin path. Stateless and thread safe.
 */
final class OutputText {

    private static final HexFormat HEX = HexFormat.of();

    private OutputText() {}

    /**
     * @param readAs the built-in type whose text the value is ({@code numeric}, {@code money},
     *               {@code _int4}, ...): where Java's value alone is ambiguous (a BigDecimal of money
     *               or of numeric, a Boolean of bool or of bit(1)), it decides
     * @param value  non-null
     * @throws IllegalArgumentException for a value that is not of a form Debezium 3.6.1 and pgjdbc
     *                                  42.7.11 give, or outside what PostgreSQL prints
     */
    static String of(String readAs, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof PgArray array) {
            return array.toString();
        }
        if (value instanceof SpecialValueDecimal decimal) {
            return decimal.getDecimalValue().map(BigDecimal::toPlainString).orElseGet(() -> special(decimal));
        }
        if (value instanceof Number number) {
            return number(readAs, number);
        }
        if (value instanceof Temporal || value instanceof java.util.Date) {
            return OutputTemporalText.of(value);
        }
        if (value instanceof PGInterval interval) {
            return OutputTemporalText.interval(interval);
        }
        if (value instanceof PGobject object) {
            return object.getValue(); // inet, json, varbit and point in their own text
        }
        return other(readAs, value);
    }

    private static String other(String readAs, Object value) {
        if (value instanceof Boolean bool) {
            boolean bits = readAs.equals("bit") || readAs.equals("varbit");
            return bits ? (bool ? "1" : "0") : (bool ? "t" : "f");
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HEX.formatHex(bytes);
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof SQLXML xml) {
            try {
                return xml.getString();
            } catch (SQLException e) {
                throw new IllegalArgumentException("its xml could not be read: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("a " + value.getClass().getName() + ", a form metasync's converter was not"
                + " written for (Debezium 3.6.1, pgjdbc 42.7.11)");
    }

    private static String number(String readAs, Number number) {
        if (number instanceof BigDecimal decimal) {
            return readAs.equals("money") ? money(decimal) : decimal.toPlainString();
        }
        // Double/Float.toString print the shortest digits that read back as the same value, as
        // PostgreSQL does with extra_float_digits >= 1; NaN and the infinities are spelt alike.
        return number.toString();
    }

    private static String special(SpecialValueDecimal decimal) {
        if (decimal.equals(SpecialValueDecimal.NOT_A_NUMBER)) {
            return "NaN";
        }
        if (decimal.equals(SpecialValueDecimal.POSITIVE_INF)) {
            return "Infinity";
        }
        if (decimal.equals(SpecialValueDecimal.NEGATIVE_INF)) {
            return "-Infinity";
        }
        throw new IllegalArgumentException("a numeric special value Debezium calls " + decimal);
    }

    /** money as PostgreSQL prints it with lc_monetary=C: {@code -$92,233,720,368,547,758.08}. */
    static String money(BigDecimal amount) {
        BigDecimal cents;
        try {
            cents = amount.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("money " + amount.toPlainString() + " has more than two decimals", e);
        }
        String digits = cents.abs().toPlainString();
        int point = digits.length() - 3;
        StringBuilder text = new StringBuilder(digits.length() + digits.length() / 3 + 2);
        if (cents.signum() < 0) {
            text.append('-');
        }
        text.append('$');
        for (int i = 0; i < point; i++) {
            if (i > 0 && (point - i) % 3 == 0) {
                text.append(',');
            }
            text.append(digits.charAt(i));
        }
        return text.append(digits, point, digits.length()).toString();
    }
}
