package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotOverridesTest {

    @Test
    void every_captured_column_is_selected_as_its_output_text_with_null_kept() {
        Map<TableId, List<CapturedColumns.Column>> tables = new LinkedHashMap<>();
        tables.put(TableId.parse("public.ticker_metadata"), List.of(column("symbol", "text"), column("price", "numeric")));
        tables.put(TableId.parse("app.t"), List.of(column("id", "int4")));

        Map<String, String> settings = SnapshotOverrides.of(new CapturedColumns(tables));

        assertThat(settings).containsExactly(
                Map.entry("snapshot.select.statement.overrides", "public.ticker_metadata,app.t"),
                Map.entry("snapshot.select.statement.overrides.public.ticker_metadata", "SELECT"
                        + " CASE WHEN num_nulls(\"symbol\") = 1 THEN NULL ELSE format('%s', \"symbol\") END AS \"symbol\","
                        + " CASE WHEN num_nulls(\"price\") = 1 THEN NULL ELSE format('%s', \"price\") END AS \"price\""
                        + " FROM \"public\".\"ticker_metadata\""),
                Map.entry("snapshot.select.statement.overrides.app.t",
                        "SELECT CASE WHEN num_nulls(\"id\") = 1 THEN NULL ELSE format('%s', \"id\") END AS \"id\" FROM \"app\".\"t\""));
    }

    @Test
    void a_column_name_holding_quotes_is_quoted_as_postgresql_reads_it() {
        assertThat(SnapshotOverrides.select(TableId.parse("public.t"), List.of("we\"ird")))
                .isEqualTo("SELECT CASE WHEN num_nulls(\"we\"\"ird\") = 1 THEN NULL ELSE format('%s', \"we\"\"ird\") END"
                        + " AS \"we\"\"ird\" FROM \"public\".\"t\"");
    }

    @Test
    void no_tables_no_settings() {
        assertThat(SnapshotOverrides.of(CapturedColumns.NONE)).isEmpty();
    }

    private static CapturedColumns.Column column(String name, String type) {
        return new CapturedColumns.Column(name, type, type);
    }
}
