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
}
