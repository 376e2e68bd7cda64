package com.tradeul.metasync.capture;

import com.tradeul.metasync.wire.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The rows a fresh snapshot no longer has: the change topics held them live before it began, and
 * the snapshot did not read them, so they were deleted while capture could not see the deletes.
 * Capture sends a tombstone for each one right after the snapshot's last row and before any
 * streamed change, positioned at {@code tombstonePosition} (the WAL position before the snapshot:
 * above every change capture read before, below every change it streams after).
 *
 * <p>Why tombstones in Kafka, not deletes in Redis, nor clearing Redis and rebuilding: Kafka is the
 * source of every rebuild. Keys removed from Redis alone would come back with the next replay from
 * the topic (after a wipe, a rollback, a {@code replay}), since the topic would still hold their
 * rows; clearing Redis would empty the keys the scanner reads until the rebuild ends. A tombstone
 * goes through apply and its fence like any delete, and compaction then forgets the row. Pure; not
 * thread safe (capture's engine thread owns it).
 */
final class SnapshotReconciliation {

    private final Map<String, Set<String>> liveBefore;
    private final Map<String, Set<String>> read = new HashMap<>();
    private final long tombstonePosition;

    /** @param liveBefore topic → keys the topic held live before the snapshot */
    SnapshotReconciliation(Map<String, Set<String>> liveBefore, long tombstonePosition) {
        this.liveBefore = liveBefore;
        this.tombstonePosition = tombstonePosition;
    }

    void snapshotRead(String topic, String key) {
        read.computeIfAbsent(topic, t -> new HashSet<>()).add(key);
    }

    /** topic → keys to tombstone, sorted (a stable order for logs and tests). */
    Map<String, Set<String>> stale() {
        Map<String, Set<String>> stale = new HashMap<>();
        liveBefore.forEach((topic, keys) -> {
            Set<String> gone = new TreeSet<>(keys);
            gone.removeAll(read.getOrDefault(topic, Set.of()));
            if (!gone.isEmpty()) {
                stale.put(topic, gone);
            }
        });
        return stale;
    }

    long tombstonePosition() {
        return tombstonePosition;
    }

    /** The tombstones of {@link #stale()}, each with {@code tombstonePosition} as its source position header (it fences them). */
    List<ProducerRecord<byte[], byte[]>> tombstones() {
        byte[] position = Long.toString(tombstonePosition).getBytes(StandardCharsets.US_ASCII);
        List<ProducerRecord<byte[], byte[]>> tombstones = new ArrayList<>();
        stale().forEach((topic, keys) -> keys.forEach(key -> {
            ProducerRecord<byte[], byte[]> tombstone = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), null);
            tombstone.headers().add(RecordHeaders.SOURCE_POSITION, position);
            tombstones.add(tombstone);
        }));
        return tombstones;
    }

    long rowsRead() {
        return read.values().stream().mapToLong(Set::size).sum();
    }
}
