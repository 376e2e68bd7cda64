package com.tradeul.metasync.apply;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A hash write's fields as one line, "field=value field=value", for assertions. */
final class HashComparisonText {

    private HashComparisonText() {}

    static String describe(Map<String, byte[]> fields) {
        StringBuilder line = new StringBuilder();
        fields.forEach((field, value) -> line.append(line.length() == 0 ? "" : " ").append(field).append('=')
                .append(new String(value, StandardCharsets.UTF_8)));
        return line.toString();
    }
}
