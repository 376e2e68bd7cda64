package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptArgumentsTest {

    private static List<String> text(byte[][] args) {
        return Arrays.stream(args).map(a -> new String(a, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void each_row_is_its_key_and_fence_with_position_kind_and_json() {
        IncomingRecord source = new IncomingRecord("t", 0, 7, new byte[0], new byte[0], 42L);
        List<RedisWrite> writes = List.of(
                new RedisWrite.Upsert("metadata:ticker:A", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 12),
                new RedisWrite.Delete("user:{42}", RedisWrite.UNFENCED),
                new RedisWrite.Merge("m:1", "{\"p\":1}".getBytes(StandardCharsets.UTF_8), List.of("big"), source, 13),
                new RedisWrite.Merge("m:2", "{\"p\":2}".getBytes(StandardCharsets.UTF_8), List.of("big"), source, 14));

        ScriptArguments.Call call = ScriptArguments.fencedWrites(writes, Map.of("m:1", "{\"p\":1,\"big\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                "marks");

        assertThat(call.keys()).containsExactly("metadata:ticker:A", "lsn:{metadata:ticker:A}", "user:{42}", "lsn:user:{42}",
                "m:1", "lsn:{m:1}", "marks");
        assertThat(text(call.args())).containsExactly("12", "set", "{\"a\":1}", "", "del", "",
                "13", "set", "{\"p\":1,\"big\":\"x\"}");
    }

    @Test
    void a_hash_row_is_kind_hash_with_its_fields_and_kept_fields_in_one_payload() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("symbol", "A".getBytes(StandardCharsets.UTF_8));
        ScriptArguments.Call call = ScriptArguments.fencedWrites(List.of(
                new RedisWrite.HashUpsert("h:A", fields, List.of("notes"), 21)), Map.of(), "marks");

        assertThat(call.keys()).containsExactly("h:A", "lsn:{h:A}", "marks");
        assertThat(text(call.args()).subList(0, 2)).containsExactly("21", "hash");
        assertThat(call.args()[2]).isEqualTo(HashPayload.encode(fields, List.of("notes")));
    }

    @Test
    void nothing_to_write_is_an_empty_call() {
        assertThat(ScriptArguments.fencedWrites(List.of(), Map.of(), "marks").isEmpty()).isTrue();
    }

    @Test
    void a_row_capture_could_not_carry_is_marked_and_deleted_or_kept() {
        byte[] mark = "{\"reason\":\"r\"}".getBytes(StandardCharsets.UTF_8);
        ScriptArguments.Call call = ScriptArguments.fencedWrites(List.of(
                new RedisWrite.Unconvertible("t:1", 5, true, mark), new RedisWrite.Unconvertible("t:2", 6, false, mark)), Map.of(), "marks");

        assertThat(call.keys()).containsExactly("t:1", "lsn:{t:1}", "t:2", "lsn:{t:2}", "marks");
        assertThat(text(call.args())).containsExactly("5", "mark-del", "{\"reason\":\"r\"}",
                "6", "mark-keep", "{\"reason\":\"r\"}");
    }

    @Test
    void an_advance_is_field_expected_and_next_with_empty_for_no_offset_held() {
        Map<String, OffsetAdvance> offsets = new LinkedHashMap<>();
        offsets.put("topic:0", new OffsetAdvance(null, 10));
        offsets.put("topic:1", new OffsetAdvance(5L, 9));

        assertThat(text(ScriptArguments.advance(offsets))).containsExactly("topic:0", "", "10", "topic:1", "5", "9");
    }

    @Test
    void a_forget_has_an_empty_next_offset() {
        Map<String, OffsetAdvance> offsets = new LinkedHashMap<>();
        offsets.put("topic:0", OffsetAdvance.forget());
        offsets.put("topic:1", new OffsetAdvance(null, 0));

        assertThat(text(ScriptArguments.advance(offsets))).containsExactly("topic:0", "", "", "topic:1", "", "0");
    }
}
