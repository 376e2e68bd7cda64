package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextPathSettingsTest {

    private static final CapturedColumns COLUMNS = new CapturedColumns(Map.of(TableId.parse("public.t"), List.of(
            new CapturedColumns.Column("id", "int8", "int8"), new CapturedColumns.Column("d", "era_date", "date"))));

    @Test
    void a_connector_gets_the_snapshot_selects_the_converter_types_and_the_session_pins() {
        Map<String, String> settings = TextPathSettings.of(COLUMNS, Map.of("database.options", "-c work_mem=64MB"));

        assertThat(settings)
                .containsAllEntriesOf(SnapshotOverrides.of(COLUMNS))
                .containsEntry("metasync.types", "era_date:date")
                .containsEntry("metasync.unavailable.value.placeholder", EnvelopeReader.DEFAULT_UNAVAILABLE_PLACEHOLDER)
                .containsEntry("database.options", "-c work_mem=64MB " + ConnectorProperties.SESSION_PINS);
    }

    @Test
    void the_connectors_own_placeholder_is_the_converters() {
        assertThat(TextPathSettings.of(COLUMNS, Map.of("unavailable.value.placeholder", "__x")))
                .containsEntry("metasync.unavailable.value.placeholder", "__x")
                .containsEntry("database.options", ConnectorProperties.SESSION_PINS);
    }

    @Test
    void built_in_types_only_need_no_types_setting() {
        CapturedColumns plain = new CapturedColumns(Map.of(TableId.parse("public.t"), List.of(new CapturedColumns.Column("id", "int8", "int8"))));
        assertThat(TextPathSettings.of(plain, Map.of())).doesNotContainKey("metasync.types");
    }

    /** A connector file that already pins the session (the shipped JSON) keeps one of each pin. */
    @Test
    void pins_already_set_are_not_repeated() {
        assertThat(TextPathSettings.of(COLUMNS, Map.of("database.options", ConnectorProperties.SESSION_PINS)))
                .containsEntry("database.options", ConnectorProperties.SESSION_PINS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "snapshot.select.statement.overrides,             true",
            "snapshot.select.statement.overrides.public.t,    true",
            "snapshot.mode,                                   false"})
    void selects_of_its_own_are_what_the_connector_already_has(String key, boolean own) {
        assertThat(TextPathSettings.hasSnapshotSelects(Map.of(key, "x"))).isEqualTo(own);
    }
}
