package com.tradeul.metasync.config;

import java.util.regex.Pattern;

/** Keeps secrets out of what metasync prints. Pure. */
public final class Secrets {

    /** The user-info part of a URI: {@code //user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("//([^@/\\s]*)@");

    private Secrets() {}

    /** The text with any URI's credentials replaced by {@code ***}. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("//***@");
    }

    /**
     * A whole setting value as given, valid or not: in a URI, everything between {@code ://} and
     * its last {@code @} is hidden, so a password holding spaces, slashes or {@code @} (which a
     * refused URI may) is hidden too.
     */
    public static String redactValue(String value) {
        if (value == null) {
            return null;
        }
        int scheme = value.indexOf("://");
        int at = value.lastIndexOf('@');
        return scheme < 0 || at < scheme ? redact(value) : value.substring(0, scheme + 3) + "***" + value.substring(at);
    }
}
