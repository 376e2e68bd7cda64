package com.tradeul.metasync.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a hash row's write combines with an earlier write of the same key in one batch, so that the
 * batch writes only the key's final state. Pure and thread safe.
 */
final class HashUpserts {

    private HashUpserts() {}

    /**
     * {@code later} after {@code earlier}: its kept (unchanged TOAST) fields take their values from an
     * earlier hash write of the batch where it has them. A kept field the earlier write lacks was NULL
     * there (a NULL column has no field), so it stays absent, unless the earlier write kept it too: then
     * Redis still holds it and the combined write keeps it.
     */
    static RedisWrite after(RedisWrite earlier, RedisWrite.HashUpsert later) {
        if (later.keptFields().isEmpty()) {
            return later;
        }
        if (earlier instanceof RedisWrite.Unconvertible marked) {
            // The unchanged columns are those of a row that could not be carried: still not carried.
            return new RedisWrite.Unconvertible(marked.key(), later.position(), marked.deleteRow(), marked.mark());
        }
        if (earlier instanceof RedisWrite.Delete) {
            // The delete is folded into this write, so Redis may still hold the deleted row's hash: keep none of it.
            return new RedisWrite.HashUpsert(later.key(), later.fields(), List.of(), later.position());
        }
        if (!(earlier instanceof RedisWrite.HashUpsert previous)) {
            return later;
        }
        Map<String, byte[]> fields = new LinkedHashMap<>(later.fields());
        List<String> stillKept = new ArrayList<>();
        for (String field : later.keptFields()) {
            byte[] value = previous.fields().get(field);
            if (value != null) {
                fields.put(field, value);
            } else if (previous.keptFields().contains(field)) {
                stillKept.add(field);
            }
        }
        return new RedisWrite.HashUpsert(later.key(), fields, stillKept, later.position());
    }
}
