package com.tradeul.metasync.verify;

import java.util.Map;

/**
 * What Redis holds at a row's key, read as the table's format reads it: a JSON string (GET), a hash
 * (HGETALL), nothing, or a value of another Redis type (the read answered WRONGTYPE: the key was written
 * in the other format, or by something else).
 *
 * @param json the string, for a JSON table; null when missing
 * @param hash the fields, for a hash table; empty when missing
 * @param otherType whether the key holds another Redis type than the format's
 */
record StoredValue(byte[] json, Map<String, byte[]> hash, boolean otherType) {

    static StoredValue ofJson(byte[] json) {
        return new StoredValue(json, Map.of(), false);
    }

    static StoredValue ofHash(Map<String, byte[]> hash) {
        return new StoredValue(null, hash == null ? Map.of() : hash, false);
    }

    static StoredValue ofOtherType() {
        return new StoredValue(null, Map.of(), true);
    }

    boolean missing() {
        return !otherType && json == null && hash.isEmpty();
    }
}
