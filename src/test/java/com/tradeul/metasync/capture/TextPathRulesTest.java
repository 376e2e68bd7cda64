package com.tradeul.metasync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tradeul.metasync.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextPathRulesTest {

    private static Map<String, String> shipped() {
        Map<String, String> connector = new HashMap<>();
        connector.put("converters", "metasync");
        connector.put("metasync.type", ExactTypesConverter.class.getName());
        connector.put("include.unknown.datatypes", "true");
        connector.put("slot.stream.params", "");
        connector.put("event.converting.failure.handling.mode", "fail");
        connector.put("skipped.operations", "none");
        return connector;
    }

    @Test
    void the_shipped_settings_pass() {
        assertThatCode(() -> TextPathRules.check(shipped())).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "snapshot.select.statement.overrides              | public.t                 | remove debezium.snapshot.select.statement.overrides",
        "snapshot.select.statement.overrides.public.t     | SELECT * FROM public.t   | remove debezium.snapshot.select.statement.overrides.public.t",
        "database.initial.statements                      | SET TimeZone='UTC'       | debezium.database.options",
        "slot.stream.params                               | binary=true              | remove binary=true",
        "slot.stream.params                               | messages=true;binary=on  | remove binary=true",
        "converters                                       | mine                     | debezium.converters=metasync",
        "converters                                       | mine,metasync            | debezium.converters=metasync",
        "metasync.type                                    | com.example.Other        | debezium.metasync.type=com.tradeul.metasync.capture.ExactTypesConverter",
        "include.unknown.datatypes                        | false                    | debezium.include.unknown.datatypes=true",
        "event.converting.failure.handling.mode           | warn                     | debezium.event.converting.failure.handling.mode=fail",
        "event.converting.failure.handling.mode           | skip                     | debezium.event.converting.failure.handling.mode=fail",
        "event.processing.failure.handling.mode           | warn                     | debezium.event.processing.failure.handling.mode=fail",
        "event.processing.failure.handling.mode           | skip                     | debezium.event.processing.failure.handling.mode=fail",
        "skipped.operations                               | u                        | debezium.skipped.operations=none",
        "skipped.operations                               | t, d                     | debezium.skipped.operations=none",
    })
    void a_setting_that_breaks_the_text_path_is_refused_with_the_fix(String key, String value, String fix) {
        Map<String, String> connector = shipped();
        connector.put(key, value);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> TextPathRules.check(connector));

        assertThat(error).as("refused").isNotNull();
        assertThat(error.oneLine()).contains(key.startsWith("snapshot") ? "snapshot.select.statement.overrides" : key.split("\\.")[0])
                .contains("Fix: ").contains(fix);
    }

    @Test
    void other_converters_after_metasyncs_and_other_stream_params_are_fine() {
        Map<String, String> connector = shipped();
        connector.put("converters", "metasync,mine");
        connector.put("slot.stream.params", "messages=true;binary=false");

        assertThatCode(() -> TextPathRules.check(connector)).doesNotThrowAnyException();
    }

    /** Debezium's default for event.converting.failure.handling.mode is warn: a value it cannot convert becomes null. */
    @Test
    void a_connector_file_without_the_converting_failure_mode_is_refused_since_debezium_defaults_to_warn() {
        Map<String, String> connector = shipped();
        connector.remove("event.converting.failure.handling.mode");

        assertThat(catchThrowableOfType(ConfigException.class, () -> TextPathRules.check(connector)).oneLine())
                .contains("event.converting.failure.handling.mode is 'warn'");
    }

    @Test
    void skipping_only_truncate_as_debezium_does_by_default_is_accepted() {
        Map<String, String> connector = shipped();
        connector.put("skipped.operations", "t");
        Map<String, String> unset = shipped();
        unset.remove("skipped.operations");

        assertThatCode(() -> TextPathRules.check(connector)).doesNotThrowAnyException();
        assertThatCode(() -> TextPathRules.check(unset)).doesNotThrowAnyException();
    }

    /** What decides whether metasync's connector task streams values as text (StoppingPostgresConnectorTask). */
    @ParameterizedTest(name = "converters={0}, metasync.type={1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "metasync       | com.tradeul.metasync.capture.ExactTypesConverter | true",
        "metasync,mine  | com.tradeul.metasync.capture.ExactTypesConverter | true",
        "mine,metasync  | com.tradeul.metasync.capture.ExactTypesConverter | false",
        "metasync       | com.example.Other                                | false",
        "''             | com.tradeul.metasync.capture.ExactTypesConverter | false",
    })
    void values_are_streamed_as_text_only_when_metasyncs_converter_comes_first(String converters, String type, boolean text) {
        Map<String, String> connector = shipped();
        connector.put("converters", converters);
        connector.put("metasync.type", type);

        assertThat(TextPathRules.convertsAsText(connector)).isEqualTo(text);
    }
}
