package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.DateTimeFormat;
import org.junit.jupiter.api.Test;

/**
 * Two streamed values Debezium 3.6.1 parses into the same Java value as another one, among the
 * reasons capture has Debezium hand on pgoutput's text of every type instead ({@link PgOutputTextTypes};
 * README, "What capture carries"). Still reached by a connector that does not run metasync's task
 * with metasync's converter first (Debezium's own registry). Pinned here so that a Debezium that
 * fixes either fails this test and the README is corrected.
 */
class DebeziumStreamingParseTest {

    @Test
    void a_streamed_timetz_of_24_00_at_utc_reads_as_midnight() {
        DateTimeFormat format = DateTimeFormat.get();

        assertThat(format.timeWithTimeZone("24:00:00+00")).isEqualTo(format.timeWithTimeZone("00:00:00+00"));
        assertThat(format.timeWithTimeZone("24:00:00+15:59")).hasToString("08:01Z"); // with an offset the instant is kept
    }

    @Test
    void a_streamed_timestamp_at_294247_01_10_04_00_25_2_reads_as_debeziums_infinity() {
        assertThat(DateTimeFormat.get().timestampToInstant("294247-01-10 04:00:25.2"))
                .isEqualTo(PostgresValueConverter.POSITIVE_INFINITY_INSTANT)
                .isEqualTo(OutputTemporalText.TIMESTAMP_INFINITY);
    }
}
