package com.tradeul.metasync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeul.metasync.wire.Column;
import com.tradeul.metasync.wire.ColumnValue;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowReaderTest {

    private static final RowReader READER = new RowReader(List.of("id", "an", "b", "note"),
            List.of("int4", "_numeric", "box", "text"), List.of("id"));

    @Test
    void each_text_is_read_by_its_column_type() {
        PostgresRows.Row row = READER.read(new String[] {"7", "{NaN,1.50,NULL}", null, ""});
        assertThat(row.key()).containsExactly(new Column("id", new ColumnValue.Int(7)));
        assertThat(row.columns()).containsExactly(
                new Column("id", new ColumnValue.Int(7)),
                new Column("an", new ColumnValue.Array(List.of(ColumnValue.SpecialNumber.NAN,
                        new ColumnValue.Decimal(new BigDecimal("1.50")), ColumnValue.Null.INSTANCE))),
                new Column("b", ColumnValue.Null.INSTANCE),
                new Column("note", new ColumnValue.Text("")));
        assertThat(row.unreadable()).isEmpty();
    }

    @Test
    void a_value_without_an_exact_reading_is_left_out_with_the_reason_and_the_rest_is_read() {
        PostgresRows.Row row = READER.read(new String[] {"7", "{1}", "(1,1),(0,0)", "x"});
        assertThat(row.columns()).extracting(Column::name).containsExactly("id", "an", "note");
        assertThat(row.unreadable()).containsOnlyKeys("b");
        assertThat(row.unreadable().get("b")).contains("box").contains("(1,1),(0,0)").contains("no rule for this type");
    }

    @Test
    void a_key_without_an_exact_reading_still_names_its_row_by_postgresql_text() {
        RowReader reader = new RowReader(List.of("k", "v"), List.of("box", "int4"), List.of("k"));
        PostgresRows.Row row = reader.read(new String[] {"(1,1),(0,0)", "5"});
        assertThat(row.key()).containsExactly(new Column("k", new ColumnValue.Text("(1,1),(0,0)")));
        assertThat(row.unreadable()).containsOnlyKeys("k");
    }

    @Test
    void a_key_column_the_table_lacks_is_refused_at_once() {
        assertThatThrownBy(() -> new RowReader(List.of("a"), List.of("int4"), List.of("id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
    }
}
