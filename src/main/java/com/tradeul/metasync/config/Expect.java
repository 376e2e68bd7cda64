package com.tradeul.metasync.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The validators of metasync's settings. Each one carries the words a user reads when a value is
 * refused ("setting 'x' is 'y' but must be <expected>") and that the README lists as the accepted
 * values, so a setting's rule is written once. Thread safe; nulls are refused except where a
 * setting has no default value.
 */
public final class Expect implements ConfigDef.Validator {

    private final String expected;
    private final Predicate<Object> accepts;

    private Expect(String expected, Predicate<Object> accepts) {
        this.expected = expected;
        this.accepts = accepts;
    }

    /** Any value of the setting's type (a value that does not parse as that type is still refused). */
    public static Expect any(String expected) {
        return new Expect(expected, value -> true);
    }

    public static Expect between(long min, long max, String expected) {
        return new Expect(expected, value -> value instanceof Number n && n.longValue() >= min && n.longValue() <= max);
    }

    public static Expect atLeast(long min, String expected) {
        return between(min, Long.MAX_VALUE, expected);
    }

    /** Non-blank text. */
    public static Expect text(String expected) {
        return new Expect(expected, value -> value instanceof String s && !s.isBlank());
    }

    /** One of the given words, case-insensitively. */
    public static Expect oneOf(String... words) {
        List<String> allowed = List.of(words);
        return new Expect(String.join(" or ", allowed),
                value -> value instanceof String s && allowed.contains(s.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * A value whose text the parser accepts; the parser throws {@link IllegalArgumentException}
     * (or another runtime exception) on anything else.
     */
    public static Expect parsedBy(java.util.function.Consumer<String> parser, String expected) {
        return new Expect(expected, value -> {
            if (value == null) {
                return false;
            }
            try {
                parser.accept(value.toString().trim());
                return true;
            } catch (RuntimeException e) {
                throw new Detail(e.getMessage());
            }
        });
    }

    /** Every element of a list setting passes {@code parser}, and there is at least one. */
    public static Expect listOf(java.util.function.Consumer<String> parser, String expected) {
        return new Expect(expected, value -> {
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                return false;
            }
            try {
                list.forEach(item -> parser.accept(item.toString()));
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /**
     * Null is a setting without a value (only settings without a default have one), which each
     * setting's reader handles; every other value must pass.
     */
    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        String reason = null;
        boolean ok;
        try {
            ok = accepts.test(value);
        } catch (Detail e) {
            ok = false;
            reason = e.getMessage();
        }
        if (!ok) {
            throw new Refused(name, value, expected, reason);
        }
    }

    /** A value this validator refused, with what the setting accepts and, when known, why. */
    public static final class Refused extends org.apache.kafka.common.config.ConfigException {
        private final String expected;
        private final String reason;

        Refused(String name, Object value, String expected, String reason) {
            super(name, value, expected);
            this.expected = expected;
            this.reason = reason;
        }

        public String expected() {
            return expected;
        }

        /** The parser's own explanation (e.g. "placeholder '{symbol' is never closed"), or null. */
        public String reason() {
            return reason;
        }
    }

    /** Carries a parser's message out of the predicate. */
    private static final class Detail extends RuntimeException {
        Detail(String message) {
            super(message, null, false, false);
        }
    }

    /** What the setting accepts, in words; ConfigDef also prints this as the valid values. */
    @Override
    public String toString() {
        return expected;
    }
}
