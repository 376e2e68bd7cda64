package com.tradeul.metasync.apply;

import com.tradeul.metasync.normalize.RowMerger;
import java.util.List;

/** Completes a row sent without its unchanged TOAST columns from the key's current Redis value. */
final class ToastCompletion {

    private static final String FIX = "; set REPLICA IDENTITY FULL on the table so PostgreSQL sends every column";

    private ToastCompletion() {}

    /** The key holds another Redis type (a hash before the table's format changed): no JSON to keep the columns from. */
    static byte[] heldAsOtherType(RedisWrite.Merge partial, List<BatchPlan.PoisonRecord> poison) {
        poison.add(new BatchPlan.PoisonRecord(partial.source(), "unchanged TOAST columns " + partial.unchangedColumns()
                + " were not sent and key " + partial.key() + " holds a Redis hash (written while the table's format was hash, say), not the JSON"
                + " to keep them from" + FIX + ", or change the TOAST columns too, to rewrite the row"));
        return null;
    }

    /** @return the completed row, or null after adding the record to {@code poison} with the reason */
    static byte[] complete(RedisWrite.Merge partial, byte[] current, List<BatchPlan.PoisonRecord> poison) {
        if (current == null) {
            poison.add(new BatchPlan.PoisonRecord(partial.source(), "unchanged TOAST columns " + partial.unchangedColumns()
                    + " were not sent and key " + partial.key() + " has no current value in Redis to keep them from" + FIX));
            return null;
        }
        try {
            RowMerger.Result completed = RowMerger.complete(partial.partialJson(), current, partial.unchangedColumns());
            if (completed.missing().isEmpty()) {
                return completed.json();
            }
            poison.add(new BatchPlan.PoisonRecord(partial.source(), "unchanged TOAST columns " + completed.missing()
                    + " were not sent and the current value of " + partial.key() + " lacks them" + FIX));
        } catch (IllegalArgumentException e) {
            poison.add(new BatchPlan.PoisonRecord(partial.source(), "cannot keep unchanged TOAST columns: " + e.getMessage()));
        }
        return null;
    }
}
