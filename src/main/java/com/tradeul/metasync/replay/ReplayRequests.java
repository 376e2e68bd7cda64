package com.tradeul.metasync.replay;

import com.tradeul.metasync.replay.RedisOffsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to ask apply for a replay, from anywhere (the guard after evictions, the replay
 * command): set the offsets Redis holds back to where the replay starts. Every apply of the group,
 * in this process or another, compares those offsets with its position at least every
 * {@code apply.position-check-interval-ms} and replays from them; per-key fences keep every newer
 * value, so a replay never moves a key backwards. Used from one thread.
 */
public final class ReplayRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRequests.class);

    private final java.util.function.Consumer<Map<String, Long>> offsets;

    public ReplayRequests(RedisOffsets offsets) {
        this(offsets::write);
    }

    /** @param write sets the offsets apply follows (on a cluster: every slot's record) */
    public ReplayRequests(java.util.function.Consumer<Map<String, Long>> write) {
        this.offsets = write;
    }

    /** @param startOffsets {@code topic:partition} → the offset apply replays from */
    public void replayFrom(Map<String, Long> startOffsets, String why) {
        LOG.info("replay requested ({}): {}", why, startOffsets);
        offsets.accept(startOffsets);
    }

    /** Every partition of every topic from its first record. */
    public void replayEverything(Set<String> topics, int partitions, String why) {
        Map<String, Long> start = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                start.put(RedisOffsets.field(topic, p), 0L);
            }
        }
        replayFrom(start, why);
    }
}
