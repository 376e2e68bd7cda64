package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.cluster.SlotTags;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FencedTruncateTest {

    @Test
    void a_page_is_each_row_key_then_its_fence_key_and_the_truncates_position_as_fences_hold_it() {
        ScriptArguments.Call call = FencedTruncate.call(List.of("metadata:ticker:A", "user:{42}"), 9_000);

        assertThat(call.keys()).containsExactly("metadata:ticker:A", FenceKeys.of("metadata:ticker:A"), "user:{42}", FenceKeys.of("user:{42}"));
        assertThat(call.args().length).isEqualTo(1);
        assertThat(new String(call.args()[0], StandardCharsets.US_ASCII)).isEqualTo(FenceKeys.position(9_000));
    }

    @Test
    void on_a_cluster_a_page_splits_by_slot_and_each_row_shares_its_slot_with_its_fence() {
        List<String> page = List.of("t:{1}a", "t:{2}b", "t:{1}c", "t:d");
        Map<Integer, List<String>> bySlot = FencedTruncate.bySlot(page);

        assertThat(bySlot.get(SlotTags.slotOf("t:{1}a"))).containsExactly("t:{1}a", "t:{1}c");
        assertThat(bySlot.values().stream().mapToInt(List::size).sum()).isEqualTo(page.size());
        bySlot.forEach((slot, keys) -> {
            for (String key : FencedTruncate.call(keys, 1).keys()) {
                assertThat(SlotTags.slotOf(key)).as(key).isEqualTo(slot);
            }
        });
    }
}
