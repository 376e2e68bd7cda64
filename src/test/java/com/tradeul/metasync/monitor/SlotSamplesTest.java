package com.tradeul.metasync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotSamplesTest {

    private static final SlotStatus ACTIVE = new SlotStatus("metasync", true, true, "reserved", 10, "pgoutput");
    private static final SlotStatus INACTIVE = new SlotStatus("metasync", true, false, "reserved", 10, "pgoutput");

    @Test
    void failing_samples_make_the_figures_stale_and_say_so_once_then_once_more_when_postgres_answers() {
        SlotSamples samples = new SlotSamples();
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(samples.read(ACTIVE, t0)).isEmpty();
        assertThat(samples.current().slot()).isEqualTo(ACTIVE);

        assertThat(samples.failed("metasync", "Connection refused", t0.plusSeconds(10))).hasValueSatisfying(line ->
                assertThat(line).contains("cannot read replication slot metasync (Connection refused)", "stale"));
        assertThat(samples.failed("metasync", "Connection refused", t0.plusSeconds(20))).isEmpty();
        assertThat(samples.current()).isEqualTo(new SlotSamples.Observation(null, 2, "Connection refused", 0));

        assertThat(samples.read(ACTIVE, t0.plusSeconds(45))).hasValue(
                "PostgreSQL answers again after 35 s; replication slot metasync is active");
        assertThat(samples.current()).isEqualTo(new SlotSamples.Observation(ACTIVE, 0, null, 0));
    }

    @Test
    void an_inactive_slot_is_counted_sample_by_sample_until_capture_connects() {
        SlotSamples samples = new SlotSamples();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        samples.read(INACTIVE, now);
        samples.read(INACTIVE, now.plusSeconds(10));
        assertThat(samples.current().inactive()).isEqualTo(2);
        samples.read(ACTIVE, now.plusSeconds(20));
        assertThat(samples.current().inactive()).isZero();
    }
}
