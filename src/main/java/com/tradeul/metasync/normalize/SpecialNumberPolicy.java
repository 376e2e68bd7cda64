package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.util.Locale;

/**
 * What to write for NaN and the infinities, which JSON numbers cannot hold. Applies to
 * {@code numeric} specials ({@link ColumnValue.SpecialNumber}) and to non-finite {@code real} /
 * {@code double precision} values ({@link ColumnValue.Float}) alike, so a reader sees one spelling
 * whatever the column type.
 */
public enum SpecialNumberPolicy {
    /** NaN → {@code "NaN"}, +∞ → {@code "Infinity"}, −∞ → {@code "-Infinity"}: PostgreSQL's own spellings. */
    STRING,
    /** Every special → JSON {@code null}: for readers that only accept numbers or null. */
    NULL;

    /**
     * Reads a configured value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static SpecialNumberPolicy parse(String text) {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "string" -> STRING;
            case "null" -> NULL;
            default -> throw new IllegalArgumentException("unknown special number policy '" + text
                    + "': use 'string' (NaN/Infinity/-Infinity as JSON strings) or 'null' (JSON null)");
        };
    }

    /** The JSON string this policy writes for {@code special}, or null when it writes JSON null. */
    String spelling(ColumnValue.SpecialNumber special) {
        if (this == NULL) {
            return null;
        }
        return switch (special) {
            case NAN -> "NaN";
            case POSITIVE_INFINITY -> "Infinity";
            case NEGATIVE_INFINITY -> "-Infinity";
        };
    }

    /** The special a non-finite double stands for; PostgreSQL spells float and numeric specials alike. */
    static ColumnValue.SpecialNumber specialOf(double nonFinite) {
        if (Double.isNaN(nonFinite)) {
            return ColumnValue.SpecialNumber.NAN;
        }
        return nonFinite > 0 ? ColumnValue.SpecialNumber.POSITIVE_INFINITY : ColumnValue.SpecialNumber.NEGATIVE_INFINITY;
    }
}
