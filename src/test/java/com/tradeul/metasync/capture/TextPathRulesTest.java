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
}
