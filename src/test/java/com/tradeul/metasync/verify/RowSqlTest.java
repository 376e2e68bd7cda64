package com.tradeul.metasync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowSqlTest {

    private static final TableId TABLE = new TableId("public", "ticker_metadata");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "symbol|\"symbol\"",
        "Mixed Case|\"Mixed Case\"",
        "say \"hi\"|\"say \"\"hi\"\"\"",
    })
    void identifiers_are_quoted_with_embedded_quotes_doubled(String name, String quoted) {
        assertThat(RowSql.identifier(name)).isEqualTo(quoted);
    }

    @Test
    void every_column_is_selected_as_it_is_never_cast_to_text() {
        assertThat(RowSql.select(TABLE, List.of("symbol", "say \"hi\"")))
                .isEqualTo("SELECT \"symbol\", \"say \"\"hi\"\"\" FROM \"public\".\"ticker_metadata\"");
    }

    @Test
    void a_sample_is_a_bernoulli_share_with_a_limit() {
        assertThat(RowSql.sample("SELECT x FROM t", 3, 1000)).isEqualTo("SELECT x FROM t TABLESAMPLE BERNOULLI (3) LIMIT 1000");
    }

    @Test
    void rows_by_key_cast_each_bound_text_to_the_key_column_type() {
        assertThat(RowSql.byKeys("SELECT x FROM t", List.of("exchange", "id"), Map.of("exchange", "text", "id", "numeric(20,2)"), 2))
                .isEqualTo("SELECT x FROM t WHERE (\"exchange\", \"id\") IN ((?::text, ?::numeric(20,2)), (?::text, ?::numeric(20,2)))");
    }
}
