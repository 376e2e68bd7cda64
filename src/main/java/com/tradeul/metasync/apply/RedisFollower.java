package com.tradeul.metasync.apply;

import com.tradeul.metasync.apply.ApplyBookkeeping.Partition;
import com.tradeul.metasync.replay.HeldOffsets;
import com.tradeul.metasync.replay.RedisOffsets;
import com.tradeul.metasync.replay.RedisPositionPolicy.Decision;
import com.tradeul.metasync.replay.RedisPositionPolicy;
import com.tradeul.metasync.replay.ReplayWindow;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts apply's consumer where Redis says it is: reads what Redis holds, lets {@link
 * ApplyBookkeeping} decide per partition, and carries the decision out (seek, or clear the table's
 * keys and seek for a rebuild). Part of {@link ApplyRunner}, used from its thread only.
 */
final class RedisFollower {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFollower.class);

    private final Consumer<byte[], byte[]> consumer;
    private final HeldOffsets redisOffsets;
    private final RedisWriter writer;
    private final ReplayWindow replayWindow;
    private final Function<String, String> tablePatternByTopic;
    private final ApplyStats stats;
    private final ApplyBookkeeping book;
    private final Clock clock;

    RedisFollower(Consumer<byte[], byte[]> consumer, HeldOffsets redisOffsets, RedisWriter writer, ReplayWindow replayWindow,
                  Function<String, String> tablePatternByTopic, ApplyStats stats, ApplyBookkeeping book, Clock clock) {
        this.consumer = consumer;
        this.redisOffsets = redisOffsets;
        this.writer = writer;
        this.replayWindow = replayWindow;
        this.tablePatternByTopic = tablePatternByTopic;
        this.stats = stats;
        this.book = book;
        this.clock = clock;
    }

    /** Seeks partitions to what Redis holds; see {@link RedisPositionPolicy}. A Redis that cannot be read is checked again later. */
    void followAll(Collection<TopicPartition> partitions, String trigger) {
        book.checking(clock.millis());
        if (partitions.isEmpty()) {
            return;
        }
        Map<String, Long> stored;
        try {
            String runId = redisOffsets.runId();
            String before = book.restartedFrom(runId);
            if (before != null) {
                LOG.warn("Redis restarted or failed over (run_id {} -> {}); checking what it still holds", before, runId);
            }
            stored = redisOffsets.read();
        } catch (RuntimeException e) {
            LOG.debug("cannot read offsets from Redis ({}); will check again", e.getMessage());
            return;
        }
        // The beginnings cost a broker round trip and only count where Redis does not hold apply's
        // position: a look that finds everything as expected (nearly all of them) makes none.
        Map<TopicPartition, Long> beginnings = null;
        Set<String> rebuilt = new HashSet<>();
        for (TopicPartition tp : partitions) {
            Long held = ApplyBookkeeping.heldAfterRebuilds(rebuilt, KafkaTypes.partition(tp), stored.get(RedisOffsets.field(tp.topic(), tp.partition())));
            long position = consumer.position(tp);
            boolean asExpected = held != null && held == position;
            if (beginnings == null && !asExpected) {
                beginnings = consumer.beginningOffsets(partitions);
            }
            // Where Redis holds the position, the decision is to go on whatever the beginning is.
            if (follow(tp, held, asExpected ? position : beginnings.get(tp), trigger)) {
                rebuilt.add(tp.topic());
            }
        }
    }

    /**
     * Redis did not hold the offsets apply expected (wiped, restarted empty, restored from an older
     * snapshot, or a replay was requested): the batch's rows are in (fenced, so harmless) but its
     * offsets were not advanced; apply goes back to what Redis holds.
     */
    void recheck(List<ApplyBookkeeping.Held> unexpected) {
        Set<String> rebuilt = new HashSet<>();
        for (ApplyBookkeeping.Held held : unexpected) {
            TopicPartition tp = KafkaTypes.topicPartition(held.partition());
            Long offset = ApplyBookkeeping.heldAfterRebuilds(rebuilt, held.partition(), held.offset());
            if (follow(tp, offset, consumer.beginningOffsets(List.of(tp)).get(tp), "batch write")) {
                rebuilt.add(tp.topic());
            }
        }
    }

    /**
     * @param held what Redis holds for {@code tp}, null: none
     * @return whether the table of {@code tp}'s topic was rebuilt: Redis holds no offset of the topic's partitions now
     */
    private boolean follow(TopicPartition tp, Long held, long beginning, String trigger) {
        long position = consumer.position(tp);
        long oldestSafe = ApplyBookkeeping.needsOldestSafe(held, position) ? replayWindow.oldestSafeOffset(consumer, tp) : Long.MIN_VALUE;
        Partition partition = KafkaTypes.partition(tp);
        Decision decision = book.follow(partition, held, position, beginning, oldestSafe);
        if (decision instanceof Decision.Seek seek) {
            (seek.lostData() ? LOG.atWarn() : LOG.atInfo()).log("{} ({}): {}; seeking to {}", tp, trigger, seek.reason(), seek.offset());
            consumer.seek(tp, seek.offset());
            if (seek.lostData()) {
                stats.replayStarted(seek.reason(), seek.cause());
            }
        } else if (decision instanceof Decision.Rebuild rebuild) {
            int partitions = consumer.partitionsFor(tp.topic()).size();
            LOG.warn("{} ({}): {}; the offsets of all {} partitions of {} are forgotten, so each is replayed from the beginning"
                    + " by its owner", tp, trigger, rebuild.reason(), partitions, tp.topic());
            writer.write(List.of(new RedisWrite.DeleteMatching(tablePatternByTopic.apply(tp.topic()))),
                    ApplyBookkeeping.rebuildAdvance(tp.topic(), partitions));
            consumer.seek(tp, rebuild.offset());
            stats.replayStarted(rebuild.reason(), RedisPositionPolicy.ReplayCause.REBUILD);
            return true;
        }
        return false;
    }
}
