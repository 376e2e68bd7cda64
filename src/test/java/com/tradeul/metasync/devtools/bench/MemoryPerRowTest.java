package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryPerRowTest {

    @ParameterizedTest(name = "{0} rows, {1} B against {2} B -> {3} B/row, {4} B/row, ratio {5}")
    @CsvSource({
        "1000, 412000, 301000, 412.0, 301.0, 1.3688",
        "4, 1000, 1000, 250.0, 250.0, 1.0",
        "3, 900, 0, 300.0, 0.0, NaN"})
    void per_row_figures_and_their_ratio(long rows, long metasync, long baseline, double perRow, double basePerRow, double ratio) {
        MemoryPerRow memory = new MemoryPerRow(rows, metasync, baseline);
        assertThat(memory.metasyncPerRow()).isEqualTo(perRow);
        assertThat(memory.baselinePerRow()).isEqualTo(basePerRow);
        if (Double.isNaN(ratio)) {
            assertThat(memory.ratio()).isNaN();
        } else {
            assertThat(memory.ratio()).isCloseTo(ratio, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void checks_name_the_three_figures() {
        assertThat(new MemoryPerRow(2, 800, 400).checks())
                .containsEntry(MemoryPerRow.METASYNC, 400.0).containsEntry(MemoryPerRow.BASELINE, 200.0).containsEntry(MemoryPerRow.RATIO, 2.0);
    }

    @Test
    void no_rows_is_refused() {
        assertThatThrownBy(() -> new MemoryPerRow(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_main_dictionary_of_the_asked_database_is_read_from_memory_stats() {
        // The shape of Redis 7.0's reply, as Lettuce's ArrayOutput gives it (integers as Long, names as text).
        List<Object> stats = List.of("peak.allocated", 1_234_567L, "total.allocated", 1_000_000L,
                "db.0", List.of("overhead.hashtable.main", 2_097_208L, "overhead.hashtable.expires", 32L),
                "db.1", List.of("overhead.hashtable.main", 1_048_632L, "overhead.hashtable.expires", 0L),
                "overhead.total", 5_000_000L);
        assertThat(MemoryPerRow.mainHashtableOverhead(stats, 0)).isEqualTo(2_097_208L);
        assertThat(MemoryPerRow.mainHashtableOverhead(stats, 1)).isEqualTo(1_048_632L);
        assertThat(MemoryPerRow.mainHashtableOverhead(stats, 2)).isZero();
    }

    @Test
    void names_given_as_bytes_are_read_too() {
        List<Object> stats = List.of("db.0".getBytes(StandardCharsets.UTF_8),
                List.of("overhead.hashtable.main".getBytes(StandardCharsets.UTF_8), 72L));
        assertThat(MemoryPerRow.mainHashtableOverhead(stats, 0)).isEqualTo(72L);
    }

    @Test
    void a_database_is_its_keys_and_its_main_dictionary_buckets() {
        assertThat(MemoryPerRow.databaseBytes(30_000_000L, 1_048_576L)).isEqualTo(31_048_576L);
    }

    @ParameterizedTest(name = "overhead {0} with {1} keys -> {2} bytes of buckets")
    @CsvSource({"72, 1, 32", "48192, 1000, 8192", "265536, 5000, 65536", "0, 0, 0"})
    void buckets_are_what_memory_stats_counts_beyond_entries_and_objects(long overhead, long keys, long buckets) {
        // Figures read from Redis 7.0.15's MEMORY STATS with 1, 1,000 and 5,000 keys.
        assertThat(MemoryPerRow.bucketArrayBytes(overhead, keys)).isEqualTo(buckets);
    }

    @ParameterizedTest(name = "{0} bytes of buckets: one table {1}")
    @CsvSource({"0, true", "32, true", "8388608, true", "12582912, false", "12, false", "-8, false"})
    void a_dictionary_being_resized_counts_two_tables(long bytes, boolean oneTable) {
        assertThat(MemoryPerRow.oneTable(bytes)).isEqualTo(oneTable);
    }

    @ParameterizedTest(name = "{0} bytes of buckets -> {1} once grown")
    @CsvSource({"12582912, 8388608", "8388608, 8388608", "6291456, 4194304", "0, 0"})
    void a_dictionary_still_growing_is_counted_as_its_new_table(long bytes, long grown) {
        assertThat(MemoryPerRow.grownTable(bytes)).isEqualTo(grown);
    }
}
