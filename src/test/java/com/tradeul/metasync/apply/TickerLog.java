package com.tradeul.metasync.apply;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.RecordHeaders;
import com.tradeul.metasync.wire.SourcePosition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

/**
 * The change topic of {@code public.ticker_metadata} as the broker holds it, shared by every consumer
 * of a test: records as capture writes them (Avro change events, the LSN header, a tombstone after
 * each delete), stamped with the test clock's time, and compaction that removes records but keeps
 * offsets.
 */
final class TickerLog {

    static final String TOPIC = "metasync.public.ticker_metadata";
    static final TableId TABLE = new TableId("public", "ticker_metadata");

    private static final ChangeEventCodec CODEC = new ChangeEventCodec();

    private final Map<Integer, TreeMap<Long, ConsumerRecord<byte[], byte[]>>> partitions = new HashMap<>();
    private final Map<Integer, TreeMap<Long, Change>> changes = new HashMap<>();
    private final Map<Integer, Long> ends = new HashMap<>();
    private final Clock clock;

    /** The Redis key a record changes and the source position that fences it. */
    private record Change(String redisKey, long lsn) {}

    TickerLog(Clock clock) {
        this.clock = clock;
    }

    static TopicPartition tp(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    static String redisKey(String symbol) {
        return "metadata:ticker:" + symbol;
    }

    static String json(String symbol, String price) {
        return "{\"symbol\":\"" + symbol + "\",\"price\":" + price + "}";
    }

    /** @return the record's offset */
    long upsert(int partition, String symbol, String price, long lsn) {
        List<Column> row = List.of(new Column("symbol", new ColumnValue.Text(symbol)),
                new Column("price", new ColumnValue.Decimal(new BigDecimal(price))));
        return append(partition, symbol, event(Operation.UPDATE, symbol, row, lsn), lsn);
    }

    /** The delete event, then its tombstone. @return the tombstone's offset */
    long delete(int partition, String symbol, long lsn) {
        append(partition, symbol, event(Operation.DELETE, symbol, null, lsn), lsn);
        return append(partition, symbol, null, lsn);
    }

    /** A record no decoder can read (not a change event), as a foreign producer might write. */
    long garbage(int partition, String symbol, long lsn) {
        return append(partition, symbol, new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}, lsn);
    }

    /** Compaction dropped the record; later offsets stay as they are. */
    void compactAway(int partition, long offset) {
        partitions.get(partition).remove(offset);
        changes.get(partition).remove(offset);
    }

    /** Redis key → source position of its last change among the partition's records below {@code offset}. */
    Map<String, Long> lastPositions(int partition, long offset) {
        Map<String, Long> last = new HashMap<>();
        changes.getOrDefault(partition, new TreeMap<>()).headMap(offset).values().forEach(c -> last.put(c.redisKey(), c.lsn()));
        return last;
    }

    List<ConsumerRecord<byte[], byte[]>> from(TopicPartition tp, long offset, int max) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(
                partitions.getOrDefault(tp.partition(), new TreeMap<>()).tailMap(offset, true).values());
        return records.subList(0, Math.min(max, records.size()));
    }

    long end(TopicPartition tp) {
        return ends.getOrDefault(tp.partition(), 0L);
    }

    /** What the broker answers to offsetsForTimes: the first record at or after the time, or null. */
    OffsetAndTimestamp firstAtOrAfter(TopicPartition tp, long timestamp) {
        return partitions.getOrDefault(tp.partition(), new TreeMap<>()).values().stream()
                .filter(r -> r.timestamp() >= timestamp).findFirst()
                .map(r -> new OffsetAndTimestamp(r.offset(), r.timestamp())).orElse(null);
    }

    private long append(int partition, String symbol, byte[] value, long lsn) {
        long offset = ends.getOrDefault(partition, 0L);
        byte[] key = key(symbol);
        changes.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new Change(redisKey(symbol), lsn));
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(RecordHeaders.SOURCE_POSITION, Long.toString(lsn).getBytes(StandardCharsets.US_ASCII));
        partitions.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, new ConsumerRecord<>(TOPIC, partition, offset,
                clock.millis(), TimestampType.CREATE_TIME, key.length, value == null ? -1 : value.length, key, value, headers,
                Optional.empty()));
        ends.put(partition, offset + 1);
        return offset;
    }

    private static byte[] key(String symbol) {
        return ("{\"symbol\":\"" + symbol + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(Operation op, String symbol, List<Column> row, long lsn) {
        return CODEC.encode(new ChangeEvent(TABLE.toString(), op, new SourcePosition(lsn, 1L, 1_000_000L),
                List.of(new Column("symbol", new ColumnValue.Text(symbol))), row, List.of()));
    }
}
