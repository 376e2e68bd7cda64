package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FencedWritesFileTest {

    private static final byte[] SCRIPT = "return 1".getBytes(StandardCharsets.UTF_8);

    /** What BenchSql.respSetQuery's psql output looks like: RESP commands, one per line. */
    private static final String SETS = "*3\r\n$3\r\nSET\r\n$9\r\nticker:AA\r\n$12\r\n{\"a\":\"x\\ny\"}\r\n"
            + "*3\r\n$3\r\nSET\r\n$9\r\nticker:BB\r\n$2\r\n{}\r\n"
            + "*3\r\n$3\r\nSET\r\n$9\r\nticker:CC\r\n$2\r\n{}\r\n";

    @Test
    void every_row_goes_with_its_fence_through_one_script_call_per_batch_with_the_offsets() throws IOException {
        List<List<String>> commands = convert(SETS, 2);

        assertThat(commands.get(0)).containsExactly("SCRIPT", "LOAD", "return 1");
        String sha = FencedWritesFile.sha1(SCRIPT);
        assertThat(commands.subList(1, 5)).containsExactly(
                List.of("MULTI"),
                List.of("EVALSHA", sha, "5", "ticker:AA", "lsn:{ticker:AA}", "ticker:BB", "lsn:{ticker:BB}", FencedWritesFile.MARKS_KEY,
                        "1", "set", "{\"a\":\"x\\ny\"}", "2", "set", "{}"),
                List.of("HSET", FencedWritesFile.OFFSETS_KEY, "table:0", "2"),
                List.of("EXEC"));
        assertThat(commands.subList(5, 9)).containsExactly(
                List.of("MULTI"),
                List.of("EVALSHA", sha, "3", "ticker:CC", "lsn:{ticker:CC}", FencedWritesFile.MARKS_KEY, "3", "set", "{}"),
                List.of("HSET", FencedWritesFile.OFFSETS_KEY, "table:0", "3"),
                List.of("EXEC"));
        assertThat(commands).hasSize(9);
    }

    @Test
    void a_bucketed_layout_gives_each_row_its_slot_s_hash_and_plain_digit_positions() throws IOException {
        List<List<String>> commands = convert(FenceLayout.SLOT_BUCKETS, 3);
        List<String> call = commands.get(2);
        String bucketOfAa = FenceLayout.SLOT_BUCKETS.fenceKey("ticker:AA");
        assertThat(bucketOfAa).startsWith("lsn:{").endsWith("}");
        assertThat(com.tradeul.metasync.cluster.SlotTags.slotOf(bucketOfAa)).isEqualTo(com.tradeul.metasync.cluster.SlotTags.slotOf("ticker:AA"));
        assertThat(call.subList(3, 5)).containsExactly("ticker:AA", bucketOfAa);
        assertThat(call.subList(call.size() - 9, call.size())).containsExactly("1", "set", "{\"a\":\"x\\ny\"}", "2", "set", "{}", "3", "set", "{}");
    }

    @Test
    void the_unchecked_layout_sends_apply_s_keys_and_arguments_to_its_own_script() throws IOException {
        List<List<String>> commands = convert(FenceLayout.PER_KEY_UNCHECKED, 2);
        String sha = FencedWritesFile.sha1(FenceLayout.PER_KEY_UNCHECKED.script());
        assertThat(commands.get(2)).containsExactly("EVALSHA", sha, "5", "ticker:AA", "lsn:{ticker:AA}", "ticker:BB", "lsn:{ticker:BB}",
                FencedWritesFile.MARKS_KEY, "1", "set", "{\"a\":\"x\\ny\"}", "2", "set", "{}");
        assertThat(commands.get(3)).containsExactly("HSET", FencedWritesFile.OFFSETS_KEY, "table:0", "2");
        assertThat(FenceLayout.PER_KEY_UNCHECKED.script()).isNotEqualTo(FenceLayout.PER_KEY.script());
    }

    @Test
    void the_per_partition_layout_sends_no_fence_keys_and_fences_each_batch_by_the_offset_before_it() throws IOException {
        List<List<String>> commands = convert(FenceLayout.PER_PARTITION, 2);
        String sha = FencedWritesFile.sha1(FenceLayout.PER_PARTITION.script());
        // The script advances the offsets itself: no HSET beside it.
        assertThat(commands.subList(1, 7)).containsExactly(
                List.of("MULTI"),
                List.of("EVALSHA", sha, "3", "ticker:AA", "ticker:BB", FencedWritesFile.OFFSETS_KEY, "", "2", "{\"a\":\"x\\ny\"}", "{}"),
                List.of("EXEC"),
                List.of("MULTI"),
                List.of("EVALSHA", sha, "2", "ticker:CC", FencedWritesFile.OFFSETS_KEY, "2", "3", "{}"),
                List.of("EXEC"));
        assertThat(commands).hasSize(7);
    }

    @Test
    void the_padded_layout_is_the_one_apply_had_before() {
        assertThat(FenceLayout.PER_KEY_PADDED.position(42)).isEqualTo("00000000000000000042");
        assertThat(FenceLayout.PER_KEY.position(42)).isEqualTo("42");
        assertThat(FenceLayout.PER_KEY_PADDED.script()).isEqualTo(FenceLayout.PER_KEY.script());
    }

    @Test
    void the_sha_is_the_one_redis_gives_the_script() {
        // SCRIPT LOAD "return 1" answers this digest (SHA-1 of the script's bytes).
        assertThat(FencedWritesFile.sha1(SCRIPT)).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void anything_but_set_commands_is_refused() {
        assertThatThrownBy(() -> convert("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", 2)).hasMessageContaining("expected SET key value");
        assertThatThrownBy(() -> convert("*3\r\n$3\r\nSET\r\n$9\r\nticker:AA\r\n$12\r\n{}", 2)).hasMessageContaining("cut short");
    }

    private static List<List<String>> convert(String sets, int rowsPerCall) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FencedWritesFile.convert(new ByteArrayInputStream(sets.getBytes(StandardCharsets.UTF_8)), out, SCRIPT, rowsPerCall);
        return read(out);
    }

    private static List<List<String>> convert(FenceLayout layout, int rowsPerCall) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FencedWritesFile.convert(new ByteArrayInputStream(SETS.getBytes(StandardCharsets.UTF_8)), out, layout, rowsPerCall);
        return read(out);
    }

    private static List<List<String>> read(ByteArrayOutputStream out) throws IOException {
        ByteArrayInputStream written = new ByteArrayInputStream(out.toByteArray());
        List<List<String>> commands = new ArrayList<>();
        List<byte[]> command;
        while ((command = FencedWritesFile.readCommand(written)) != null) {
            commands.add(command.stream().map(part -> new String(part, StandardCharsets.UTF_8)).toList());
        }
        return commands;
    }
}
