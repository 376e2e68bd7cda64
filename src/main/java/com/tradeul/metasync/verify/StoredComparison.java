package com.tradeul.metasync.verify;

import com.tradeul.metasync.normalize.HashFields;
import com.tradeul.metasync.normalize.RowFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Compares a row's rendering with what its key holds, in the table's format. Pure and thread safe. */
final class StoredComparison {

    private StoredComparison() {}

    /**
     * @param expected   the row's JSON as apply renders it for the table's shape
     * @param unreadable field → why PostgreSQL's value of it could not be read exactly
     */
    static List<Difference> compare(RowFormat format, String key, byte[] expected, StoredValue actual, Map<String, String> unreadable) {
        if (actual.otherType()) {
            return List.of(new Difference(Difference.Kind.WRONG, key, null, new String(expected, StandardCharsets.UTF_8),
                    "(not a Redis " + format.redisType() + ", which format " + format.name().toLowerCase(java.util.Locale.ROOT)
                            + " writes: the key holds another type, e.g. written before the table's format changed;"
                            + " verify --repair rewrites it)"));
        }
        if (format == RowFormat.HASH) {
            return HashComparison.compare(key, HashFields.of(expected), actual.hash(), unreadable);
        }
        return RowComparison.compare(key, expected, actual.json(), unreadable);
    }
}
