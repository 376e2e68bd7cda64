package com.tradeul.metasync.capture;

/**
 * PostgreSQL bit strings ({@code bit(n)}, {@code varbit}) as the text PostgreSQL writes: one
 * {@code 0} or {@code 1} per bit, leading zeros kept. Pure; stateless and thread safe.
 */
final class BitStrings {

    private BitStrings() {}

    /**
     * @param text a bit string as pgjdbc or pgoutput gives it, never null
     * @return the same text, checked to hold only bits (the empty varbit included)
     * @throws IllegalArgumentException for anything else, so capture stops instead of writing it
     */
    static String checked(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '0' && c != '1') {
                throw new IllegalArgumentException("'" + abbreviated(text) + "' is not a PostgreSQL bit string "
                        + "(character " + (i + 1) + " is neither 0 nor 1)");
            }
        }
        return text;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
