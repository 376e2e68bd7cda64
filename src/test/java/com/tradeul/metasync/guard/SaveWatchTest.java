package com.tradeul.metasync.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.guard.SaveWatch.Step;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaveWatchTest {

    private final SaveWatch watch = new SaveWatch();

    /** INFO persistence of Redis 7, where rdb_saves counts a save when it forks. */
    private static RedisInfo redis7(boolean saving, long saves, String status) {
        return new RedisInfo(Map.of("rdb_bgsave_in_progress", saving ? "1" : "0", "rdb_saves", String.valueOf(saves),
                "rdb_last_bgsave_status", status, "aof_rewrite_in_progress", "0"));
    }

    private Step next(RedisInfo info) {
        return watch.next(info, info.number("rdb_saves", -1));
    }

    @Test
    void an_idle_redis_is_asked_and_the_save_is_done_once_counted_and_ended() {
        assertThat(next(redis7(false, 4, "ok"))).isEqualTo(Step.ASK);
        assertThat(next(redis7(true, 5, "ok"))).isEqualTo(Step.WAIT);
        assertThat(next(redis7(false, 5, "ok"))).isEqualTo(Step.SAVED);
    }

    /**
     * The running service's guard forked a save just before {@code metasync guard --save} looked: it
     * is counted already, so its end grows nothing. The old loop waited for a grown count and gave
     * up after 120 s; the watch lets it end and asks for a save of its own.
     */
    @Test
    void a_save_running_before_the_ask_is_let_end_then_a_new_one_is_asked_for() {
        assertThat(next(redis7(true, 5, "ok"))).isEqualTo(Step.WAIT);
        assertThat(next(redis7(true, 5, "ok"))).isEqualTo(Step.WAIT);
        assertThat(next(redis7(false, 5, "ok"))).isEqualTo(Step.ASK);
        assertThat(next(redis7(false, 5, "ok"))).as("not grown: not begun").isEqualTo(Step.WAIT);
        assertThat(next(redis7(true, 6, "ok"))).isEqualTo(Step.WAIT);
        assertThat(next(redis7(false, 6, "ok"))).isEqualTo(Step.SAVED);
    }

    @Test
    void a_save_another_client_forks_after_the_ask_counts() {
        assertThat(next(redis7(false, 5, "ok"))).isEqualTo(Step.ASK);
        // BGSAVE answered "already in progress": the other save is counted and running.
        assertThat(next(redis7(true, 6, "ok"))).isEqualTo(Step.WAIT);
        assertThat(next(redis7(false, 6, "ok"))).isEqualTo(Step.SAVED);
    }

    @Test
    void a_failed_save_fails_but_an_earlier_saves_err_does_not() {
        assertThat(next(redis7(false, 5, "err"))).as("the last save failed before this one").isEqualTo(Step.ASK);
        assertThat(next(redis7(false, 5, "err"))).as("this one not begun yet").isEqualTo(Step.WAIT);
        assertThat(next(redis7(false, 6, "err"))).isEqualTo(Step.FAILED);
        assertThat(watch.failure()).contains("rdb_last_bgsave_status:err", "disk full");
    }

    @Test
    void during_an_aof_rewrite_the_save_is_scheduled_and_waited_for_until_the_rewrite_ended() {
        RedisInfo rewriting = new RedisInfo(Map.of("rdb_bgsave_in_progress", "0", "rdb_saves", "3", "aof_rewrite_in_progress", "1"));
        assertThat(next(rewriting)).isEqualTo(Step.ASK_SCHEDULED);
        assertThat(next(rewriting)).isEqualTo(Step.WAIT);
        assertThat(watch.timedOut(60)).contains("BGSAVE SCHEDULE");
        assertThat(next(redis7(false, 3, "ok"))).as("rewrite over, scheduled save not forked yet").isEqualTo(Step.WAIT);
        assertThat(next(redis7(false, 4, "ok"))).isEqualTo(Step.SAVED);
    }

    @Test
    void before_redis_7_lastsave_moves_only_for_a_good_save_so_err_without_it_is_this_saves_failure() {
        RedisInfo idle = new RedisInfo(Map.of("rdb_bgsave_in_progress", "0", "rdb_last_bgsave_status", "ok"));
        assertThat(watch.next(idle, 1_700_000_000L)).isEqualTo(Step.ASK);
        assertThat(watch.next(new RedisInfo(Map.of("rdb_bgsave_in_progress", "1")), 1_700_000_000L)).isEqualTo(Step.WAIT);
        RedisInfo failed = new RedisInfo(Map.of("rdb_bgsave_in_progress", "0", "rdb_last_bgsave_status", "err"));
        assertThat(watch.next(failed, 1_700_000_000L)).isEqualTo(Step.FAILED);
    }

    @Test
    void running_out_of_time_says_what_was_waited_for() {
        next(redis7(true, 5, "ok"));
        assertThat(watch.timedOut(120)).isEqualTo("no save finished within 120 s: a save started before the guard asked was still running");
        next(redis7(false, 5, "ok"));
        assertThat(watch.timedOut(120)).isEqualTo("no save finished within 120 s (after waiting for a save started earlier)");
    }
}
