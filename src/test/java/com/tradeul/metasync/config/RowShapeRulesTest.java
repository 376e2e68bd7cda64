package com.tradeul.metasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowShapeRulesTest {

    private static final TableId TABLE = new TableId("public", "ticker_metadata");
    private static final List<String> COLUMNS = List.of("symbol", "last_price", "volume", "notes");

    private static TableSettings settings(Map<String, String> given) {
        return ConfigLoader.load(Optional.empty(), Map.of(), given).tableSettings(TABLE);
    }

    private static ConfigException refusal(String setting, String value) {
        return catchThrowableOfType(ConfigException.class, () -> RowShapeRules.check(
                settings(Map.of("tables.public.ticker_metadata." + setting, value)), COLUMNS, List.of("symbol")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "exclude-columns         | notes,volumes      | names column 'volumes', which table public.ticker_metadata does not have | correct the name",
        "include-columns         | symbol,Volume      | names column 'Volume', which table public.ticker_metadata does not have  | case included",
        "exclude-columns         | symbol             | leaves column 'symbol' out of Redis                                        | remove it from tables.public.ticker_metadata.exclude-columns",
        "include-columns         | last_price         | leaves column 'symbol' out of Redis                                        | add it to tables.public.ticker_metadata.include-columns",
        "rename.price            | px                 | is for column 'price', which table public.ticker_metadata does not have    | correct the column name",
        "columns.price.number    | string             | is for column 'price', which table public.ticker_metadata does not have    | or remove the setting",
        "rename.last_price       | volume             | under field 'volume', which column 'volume'                                | choose a field name",
    })
    void a_setting_that_does_not_fit_the_table_is_refused_naming_it_and_the_fix(String setting, String value, String problem, String fix) {
        ConfigException error = refusal(setting, value);

        assertThat(error).as("%s=%s", setting, value).isNotNull();
        assertThat(error.oneLine()).contains("'tables.public.ticker_metadata." + setting + "'", problem, "Fix: ", fix);
    }

    @org.junit.jupiter.api.Test
    void a_setting_for_a_column_that_is_not_written_is_refused() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> RowShapeRules.check(settings(Map.of(
                "tables.public.ticker_metadata.exclude-columns", "notes",
                "tables.public.ticker_metadata.rename.notes", "memo")), COLUMNS, List.of("symbol")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'tables.public.ticker_metadata.rename.notes'", "leaves out of Redis", "does nothing");
    }

    @org.junit.jupiter.api.Test
    void two_renames_to_one_field_are_refused_and_a_swap_is_not() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> RowShapeRules.check(settings(Map.of(
                "tables.public.ticker_metadata.rename.notes", "x",
                "tables.public.ticker_metadata.rename.volume", "x")), COLUMNS, List.of("symbol")));
        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("under field 'x'");

        RowShapeRules.check(settings(Map.of("tables.public.ticker_metadata.rename.notes", "volume",
                "tables.public.ticker_metadata.rename.volume", "notes",
                "tables.public.ticker_metadata.rename.symbol", "ticker",
                "tables.public.ticker_metadata.exclude-columns", "last_price")), COLUMNS, List.of("symbol"));
    }
}
