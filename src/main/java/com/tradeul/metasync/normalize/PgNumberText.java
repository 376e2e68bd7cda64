package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's text of integers, floats, numeric, money and point. The patterns are exactly what
 * PostgreSQL prints (no {@code +}, no spaces, no hex), so a text from anywhere else is refused
 * rather than read by Java's laxer parsers. Stateless and thread safe.
 */
final class PgNumberText {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern FLOAT = Pattern.compile("-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d{1,4})?");
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    /** money under lc_monetary C, POSIX or en_US: sign, dollar, digits grouped by three, two decimals. */
    private static final Pattern MONEY = Pattern.compile("(-?)\\$(\\d{1,3}(?:,\\d{3})*)\\.(\\d\\d)");
    private static final Pattern POINT = Pattern.compile("\\(([^,()]+),([^,()]+)\\)");

    private PgNumberText() {}

    static ColumnValue integer(String typeName, String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new UnparsableValueException(typeName, "not an integer as PostgreSQL prints it", text);
        }
        try {
            return new ColumnValue.Int(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new UnparsableValueException(typeName, "outside 64-bit integers", text);
        }
    }

    /**
     * real, with the float's own shortest digits widened to a double (1.1 stays 1.1, not
     * 1.100000023841858), exactly as capture converts Debezium's FLOAT32.
     */
    static ColumnValue float4(String text) {
        double special = special(text);
        if (special != 0) {
            return new ColumnValue.Float(special);
        }
        float value = Float.parseFloat(checkedFloat("float4", text));
        if (Float.isInfinite(value)) {
            throw new UnparsableValueException("float4", "outside the range of real", text);
        }
        return new ColumnValue.Float(Double.parseDouble(Float.toString(value)));
    }

    static ColumnValue float8(String typeName, String text) {
        return new ColumnValue.Float(double8(typeName, text));
    }

    static ColumnValue numeric(String text) {
        return switch (text) {
            case "NaN" -> ColumnValue.SpecialNumber.NAN;
            case "Infinity" -> ColumnValue.SpecialNumber.POSITIVE_INFINITY;
            case "-Infinity" -> ColumnValue.SpecialNumber.NEGATIVE_INFINITY;
            default -> {
                if (!NUMERIC.matcher(text).matches()) {
                    throw new UnparsableValueException("numeric", "not a number as PostgreSQL prints numeric "
                            + "(digits, an optional point, no exponent)", text);
                }
                // BigDecimal(String) keeps the scale: -123.4500 stays scale 4.
                yield new ColumnValue.Decimal(new BigDecimal(text));
            }
        };
    }

    /** The amount with its two decimals, as capture carries money: {@code -$1,234.50} is -1234.50. */
    static ColumnValue money(String text) {
        Matcher m = MONEY.matcher(text);
        if (!m.matches()) {
            throw new UnparsableValueException("money", "not money as PostgreSQL prints it with lc_monetary C, "
                    + "POSIX or en_US ($1,234.56, -$1,234.56); other locales' separators and currency cannot be "
                    + "read unambiguously: set lc_monetary to C (or en_US.UTF-8) for the capturing role, or cast "
                    + "the column to numeric", text);
        }
        return new ColumnValue.Decimal(new BigDecimal(m.group(1) + m.group(2).replace(",", "") + "." + m.group(3)));
    }

    /** point {@code (x,y)}, both float8 as PostgreSQL prints them. */
    static ColumnValue point(String text) {
        Matcher m = POINT.matcher(text);
        if (!m.matches()) {
            throw new UnparsableValueException("point", "not a point as PostgreSQL prints it: (x,y)", text);
        }
        return new ColumnValue.Point(double8("point", m.group(1)), double8("point", m.group(2)));
    }

    private static double double8(String typeName, String text) {
        double special = special(text);
        if (special != 0) {
            return special;
        }
        double value = Double.parseDouble(checkedFloat(typeName, text));
        if (Double.isInfinite(value)) {
            throw new UnparsableValueException(typeName, "outside the range of double precision", text);
        }
        return value;
    }

    /** The non-finite float PostgreSQL's spelling stands for; 0 for any other text. */
    private static double special(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> 0;
        };
    }

    private static String checkedFloat(String typeName, String text) {
        if (!FLOAT.matcher(text).matches()) {
            throw new UnparsableValueException(typeName, "not a floating-point number as PostgreSQL prints it", text);
        }
        return text;
    }
}
