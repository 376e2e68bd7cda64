package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.config.TableSettings.TruncatePolicy;
import com.tradeul.metasync.normalize.JsonRenderer;
import com.tradeul.metasync.normalize.KeyTemplate;
import com.tradeul.metasync.normalize.NumberMode;
import com.tradeul.metasync.normalize.RowFormat;
import com.tradeul.metasync.normalize.RowShape;
import com.tradeul.metasync.normalize.SpecialNumberPolicy;
import com.tradeul.metasync.wire.ChangeEvent;
import com.tradeul.metasync.wire.ChangeEventCodec;
import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import com.tradeul.metasync.wire.Operation;
import com.tradeul.metasync.wire.SourcePosition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class BatchPlannerTest {

    private static final String TOPIC = "metasync.public.ticker_metadata";
    private static final TableId TABLE = new TableId("public", "ticker_metadata");
    private static final ChangeEventCodec CODEC = new ChangeEventCodec();

    private final List<IncomingRecord> records = new ArrayList<>();

    private static BatchPlanner planner(TruncatePolicy truncate) {
        return new BatchPlanner(Map.of(TOPIC, TABLE), new ChangeDecoder(CODEC), new JsonRenderer(SpecialNumberPolicy.STRING),
                new RedisKeys(Map.of(TABLE, KeyTemplate.parse("metadata:ticker:{symbol}"))), t -> truncate);
    }

    private void add(byte[] key, byte[] value) {
        records.add(new IncomingRecord(TOPIC, 0, records.size(), key, value));
    }

    private static byte[] key(String symbol) {
        return ("{\"symbol\":\"" + symbol + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private void upsert(String symbol, String price) {
        add(key(symbol), event(Operation.UPDATE, symbol, List.of(
                new Column("symbol", new ColumnValue.Text(symbol)),
                new Column("price", new ColumnValue.Decimal(new BigDecimal(price))),
                new Column("notes", new ColumnValue.Text("long text " + price))), List.of()));
    }

    private void toastUpdate(String symbol, String price) {
        add(key(symbol), event(Operation.UPDATE, symbol, List.of(
                new Column("symbol", new ColumnValue.Text(symbol)),
                new Column("price", new ColumnValue.Decimal(new BigDecimal(price)))), List.of("notes")));
    }

    private void delete(String symbol) {
        add(key(symbol), event(Operation.DELETE, symbol, null, List.of()));
    }

    private void truncate() {
        add("{}".getBytes(StandardCharsets.UTF_8), CODEC.encode(new ChangeEvent(TABLE.toString(), Operation.TRUNCATE,
                new SourcePosition(9, null, 0), List.of(), null, List.of())));
    }

    private static byte[] event(Operation op, String symbol, List<Column> row, List<String> unchanged) {
        return CODEC.encode(new ChangeEvent(TABLE.toString(), op, new SourcePosition(1, 2L, 3),
                List.of(new Column("symbol", new ColumnValue.Text(symbol))), row, unchanged));
    }

    private static List<String> describe(BatchPlan plan) {
        return plan.writes().stream().map(BatchPlannerTest::describe).toList();
    }

    private static String describe(RedisWrite w) {
        if (w instanceof RedisWrite.Upsert u) {
            return "SET " + u.key() + " " + new String(u.json(), StandardCharsets.UTF_8);
        } else if (w instanceof RedisWrite.Merge m) {
            return "MERGE " + m.key() + " " + new String(m.partialJson(), StandardCharsets.UTF_8) + " keep " + m.unchangedColumns();
        } else if (w instanceof RedisWrite.HashUpsert h) {
            return "HASH " + h.key() + " " + HashComparisonText.describe(h.fields()) + " keep " + h.keptFields();
        } else if (w instanceof RedisWrite.DeleteMatching d) {
            return "DELETE MATCHING " + d.key() + (d.fenced() ? " FENCED AT " + d.position() : "");
        } else if (w instanceof RedisWrite.Unconvertible u) {
            return (u.deleteRow() ? "MARK+DEL " : "MARK+KEEP ") + u.key() + " @" + u.position() + " " + new String(u.mark(), StandardCharsets.UTF_8);
        }
        return "DEL " + w.key();
    }

    @Test
    void last_change_of_a_key_wins_and_surviving_writes_keep_batch_order() {
        upsert("A", "1.10");
        upsert("B", "2.20");
        upsert("A", "3.30");
        delete("B");
        BatchPlan plan = planner(TruncatePolicy.DELETE).plan(records);
        assertThat(describe(plan)).containsExactly(
                "SET metadata:ticker:A {\"symbol\":\"A\",\"price\":3.30,\"notes\":\"long text 3.30\"}",
                "DEL metadata:ticker:B");
        assertThat(plan.changes()).isEqualTo(4);
    }

    @Test
    void tombstone_deletes_the_key() {
        add(key("A"), null);
        assertThat(describe(planner(TruncatePolicy.DELETE).plan(records))).containsExactly("DEL metadata:ticker:A");
    }

    @Test
    void unchanged_toast_columns_are_taken_from_the_earlier_value_in_the_same_batch() {
        upsert("A", "1.10");
        toastUpdate("A", "2.00");
        assertThat(describe(planner(TruncatePolicy.DELETE).plan(records))).containsExactly(
                "SET metadata:ticker:A {\"symbol\":\"A\",\"price\":2.00,\"notes\":\"long text 1.10\"}");
    }

    @Test
    void unchanged_toast_columns_without_earlier_value_are_merged_from_redis_by_the_writer() {
        toastUpdate("A", "2.00");
        toastUpdate("A", "3.00");
        assertThat(describe(planner(TruncatePolicy.DELETE).plan(records))).containsExactly(
                "MERGE metadata:ticker:A {\"symbol\":\"A\",\"price\":3.00} keep [notes]");
    }

    private static BatchPlanner shaped(RowShape shape) {
        return new BatchPlanner(Map.of(TOPIC, TABLE), new ChangeDecoder(CODEC), new JsonRenderer(SpecialNumberPolicy.STRING),
                new RedisKeys(Map.of(TABLE, KeyTemplate.parse("metadata:ticker:{symbol}"))), t -> TruncatePolicy.DELETE,
                t -> com.tradeul.metasync.config.TableSettings.OnUnconvertible.DELETE, t -> shape);
    }

    @Test
    void a_shaped_table_is_written_renamed_filtered_and_its_unchanged_toast_columns_kept_under_their_fields() {
        RowShape renamed = new RowShape(NumberMode.STRING, Map.of(), Set.of(), Set.of(), Map.of("notes", "memo", "price", "px"));
        toastUpdate("A", "2.00");
        upsert("B", "1.10");
        assertThat(describe(shaped(renamed).plan(records))).containsExactly(
                "MERGE metadata:ticker:A {\"symbol\":\"A\",\"px\":\"2.00\"} keep [memo]",
                "SET metadata:ticker:B {\"symbol\":\"B\",\"px\":\"1.10\",\"memo\":\"long text 1.10\"}");
    }

    @Test
    void an_unchanged_toast_column_that_is_not_written_needs_no_merge() {
        RowShape withoutNotes = new RowShape(NumberMode.NUMBER, Map.of(), Set.of(), Set.of("notes"), Map.of());
        toastUpdate("A", "2.00");
        assertThat(describe(shaped(withoutNotes).plan(records))).containsExactly(
                "SET metadata:ticker:A {\"symbol\":\"A\",\"price\":2.00}");
    }

    private void nullPrice(String symbol) {
        add(key(symbol), event(Operation.UPDATE, symbol, List.of(
                new Column("symbol", new ColumnValue.Text(symbol)),
                new Column("price", ColumnValue.Null.INSTANCE),
                new Column("notes", new ColumnValue.Text("n"))), List.of()));
    }

    private static final RowShape HASH_RENAMED = new RowShape(NumberMode.STRING, Map.of(), Set.of(), Set.of(),
            Map.of("notes", "memo"), RowFormat.HASH);

    @Test
    void a_hash_table_row_is_its_fields_as_text_null_columns_absent_unchanged_toast_fields_kept() {
        upsert("A", "123456789012345678.90");
        nullPrice("B");
        toastUpdate("C", "2.50");
        assertThat(describe(shaped(HASH_RENAMED).plan(records))).containsExactly(
                "HASH metadata:ticker:A symbol=A price=123456789012345678.90 memo=long text 123456789012345678.90 keep []",
                "HASH metadata:ticker:B symbol=B memo=n keep []",
                "HASH metadata:ticker:C symbol=C price=2.50 keep [memo]");
    }

    @Test
    void a_hash_update_without_its_toast_column_takes_it_from_the_batchs_earlier_write_of_the_row() {
        upsert("A", "1.00");
        toastUpdate("A", "2.00");
        nullPrice("B");
        toastUpdate("B", "3.00");
        toastUpdate("C", "1.00");
        toastUpdate("C", "4.00");
        delete("D");
        toastUpdate("D", "5.00");
        assertThat(describe(shaped(HASH_RENAMED).plan(records))).containsExactly(
                "HASH metadata:ticker:A symbol=A price=2.00 memo=long text 1.00 keep []",
                "HASH metadata:ticker:B symbol=B price=3.00 memo=n keep []",
                "HASH metadata:ticker:C symbol=C price=4.00 keep [memo]",
                "HASH metadata:ticker:D symbol=D price=5.00 keep []");
    }

    @Test
    void a_hash_row_deleted_is_a_delete_of_its_key() {
        upsert("A", "1.00");
        delete("A");
        assertThat(describe(shaped(HASH_RENAMED).plan(records))).containsExactly("DEL metadata:ticker:A");
    }

    @Test
    void truncate_under_delete_policy_splits_the_batch_in_order() {
        upsert("A", "1.00");
        truncate();
        upsert("B", "2.00");
        assertThat(describe(planner(TruncatePolicy.DELETE).plan(records))).containsExactly(
                "SET metadata:ticker:A {\"symbol\":\"A\",\"price\":1.00,\"notes\":\"long text 1.00\"}",
                "DELETE MATCHING metadata:ticker:* FENCED AT 9",
                "SET metadata:ticker:B {\"symbol\":\"B\",\"price\":2.00,\"notes\":\"long text 2.00\"}");
    }

    @Test
    void truncate_under_ignore_policy_changes_nothing() {
        truncate();
        assertThat(planner(TruncatePolicy.IGNORE).plan(records).writes()).isEmpty();
    }

    @Test
    void undecodable_record_is_poison_with_its_reason_and_the_others_still_apply() {
        upsert("A", "1.00");
        add(key("X"), new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        add(null, new byte[] {1});
        upsert("B", "2.00");
        BatchPlan plan = planner(TruncatePolicy.DELETE).plan(records);
        assertThat(plan.writes()).hasSize(2);
        assertThat(plan.poison()).extracting(p -> p.record().offset()).containsExactly(1L, 2L);
        assertThat(plan.poison().get(0).reason()).contains("UndecodableRecordException");
        assertThat(plan.poison().get(1).reason()).contains("no key");
    }

    @Test
    void a_change_its_batch_cannot_complete_is_poison_and_the_earlier_write_of_its_key_stays() {
        add(key("A"), event(Operation.UPDATE, "A", List.of(
                new Column("symbol", new ColumnValue.Text("A")),
                new Column("price", new ColumnValue.Decimal(new BigDecimal("1.00")))), List.of())); // no notes column
        toastUpdate("A", "2.00"); // notes unchanged, and the row before it has none
        BatchPlan plan = planner(TruncatePolicy.DELETE).plan(records);
        assertThat(plan.poison()).singleElement().satisfies(p -> {
            assertThat(p.record().offset()).isEqualTo(1L);
            assertThat(p.reason()).contains("unchanged TOAST columns [notes]");
        });
        assertThat(describe(plan)).containsExactly("SET metadata:ticker:A {\"symbol\":\"A\",\"price\":1.00}");
    }

    @Test
    void record_from_an_unknown_topic_is_poison() {
        records.add(new IncomingRecord("other", 0, 0, key("A"), null));
        assertThat(planner(TruncatePolicy.DELETE).plan(records).poison().get(0).reason()).contains("topic other");
    }

    private void unconvertible(String symbol) {
        unconvertible(symbol, 5);
    }

    private void unconvertible(String symbol, long lsn) {
        add(key(symbol), CODEC.encode(new ChangeEvent(TABLE.toString(), Operation.UPDATE, new SourcePosition(lsn, 2L, 3),
                List.of(new Column("symbol", new ColumnValue.Text(symbol))), null, List.of(),
                new com.tradeul.metasync.wire.Unconvertible("price", "value 'NAN' is ambiguous", "NAN"))));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "DELETE, MARK+DEL",
        "KEEP,   MARK+KEEP",
        "STOP,   MARK+DEL",
    })
    void a_row_capture_could_not_carry_is_marked_and_deleted_or_kept_by_policy(
            com.tradeul.metasync.config.TableSettings.OnUnconvertible policy, String expected) {
        unconvertible("A");
        BatchPlan plan = new BatchPlanner(Map.of(TOPIC, TABLE), new ChangeDecoder(CODEC), new JsonRenderer(SpecialNumberPolicy.STRING),
                new RedisKeys(Map.of(TABLE, KeyTemplate.parse("metadata:ticker:{symbol}"))), t -> TruncatePolicy.DELETE, t -> policy)
                .plan(records);

        assertThat(describe(plan)).singleElement().asString().startsWith(expected + " metadata:ticker:A @5 ")
                .contains("\"table\":\"public.ticker_metadata\"", "\"column\":\"price\"", "\"reason\":\"value 'NAN' is ambiguous\"",
                        "\"lsn\":5");
        assertThat(plan.poison()).isEmpty();
    }

    @Test
    void a_later_toast_update_of_an_uncarried_row_is_still_not_carried_and_a_full_row_carries_it_again() {
        unconvertible("A", 0);
        toastUpdate("A", "9.99"); // position 1: newer, but its unchanged columns are the uncarried row's
        assertThat(describe(planner(TruncatePolicy.DELETE).plan(records))).singleElement().asString()
                .startsWith("MARK+DEL metadata:ticker:A @1 ");

        records.clear();
        unconvertible("A", 0); // the upsert's position (1) is newer
        upsert("A", "4.40");
        assertThat(describe(planner(TruncatePolicy.DELETE).plan(records))).singleElement().asString().startsWith("SET metadata:ticker:A");
    }
}
