package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashPayloadTest {

    @Test
    void small_payload_is_a_msgpack_array_of_field_value_pairs_and_kept_fields() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("a", "1".getBytes(StandardCharsets.UTF_8));
        // [["a","1"],["big"]]: fixarray 2, fixarray 2, fixstr "a", fixstr "1", fixarray 1, fixstr "big"
        assertThat(HexFormat.of().formatHex(HashPayload.encode(fields, List.of("big")))).isEqualTo("9292a161a13191a3626967");
    }

    @Test
    void long_values_and_many_fields_take_the_wider_headers() {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            fields.put("f" + i, new byte[0]);
        }
        fields.put("s8", new byte[40]);
        fields.put("s16", new byte[300]);
        fields.put("s32", new byte[70_000]);
        byte[] encoded = HashPayload.encode(fields, List.of());
        String hex = HexFormat.of().formatHex(encoded);
        assertThat(hex).startsWith("92dc0016"); // 22 items: array16
        assertThat(hex).contains("a27338" + "d928", "a3733136" + "da012c", "a3733332" + "db00011170");
        assertThat(hex).endsWith("90");
        assertThat(encoded).hasSize(4 + 8 * 4 + (3 + 2 + 40) + (4 + 3 + 300) + (4 + 5 + 70_000) + 1);
    }
}
