package com.tradeul.metasync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlotTagsTest {

    @Test
    void every_slot_has_a_short_tag_of_its_own_that_hashes_to_it() {
        Set<String> seen = new HashSet<>();
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            String tag = SlotTags.tag(slot);
            assertThat(SlotTags.slotOf(tag)).as("tag %s", tag).isEqualTo(slot);
            assertThat(SlotTags.slotOf(SlotTags.keyIn(slot, "metasync:offsets:", ":group{x}"))).isEqualTo(slot);
            assertThat(tag).hasSizeLessThanOrEqualTo(4).doesNotContain("{").doesNotContain("}");
            seen.add(tag);
        }
        assertThat(seen).hasSize(16_384);
    }

    @ParameterizedTest
    @CsvSource({
            // Redis's own CLUSTER KEYSLOT answers (redis-server 7.0.15).
            "foo, 12182",
            "metadata:ticker:AAPL, 930",
            "lsn:{metadata:ticker:AAPL}, 930",
            "user:{42}:profile, 8000"})
    void slots_are_those_redis_computes(String key, int slot) {
        assertThat(SlotTags.slotOf(key)).isEqualTo(slot);
    }

    @Test
    void a_prefix_holding_a_brace_is_refused_since_its_tag_would_win() {
        assertThatThrownBy(() -> SlotTags.keyIn(1, "a{b}:", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
