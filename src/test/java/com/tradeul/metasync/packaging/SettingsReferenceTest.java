package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.Settings;
import com.tradeul.metasync.config.SettingsReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's settings reference is the one generated from the settings' declarations. With
 * {@code -Dmetasync.docs.write=true} (what {@code ./dev docs} runs) the test rewrites it instead.
 */
class SettingsReferenceTest {

    private static final Path README = Path.of("README.md");

    @Test
    void readme_settings_reference_is_generated_from_the_declarations() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String generated = SettingsReference.updated(readme);
        if (Boolean.getBoolean("metasync.docs.write")) {
            Files.writeString(README, generated, StandardCharsets.UTF_8);
            readme = generated;
        }
        assertThat(readme).as("README.md's settings reference is out of date: run ./dev docs").isEqualTo(generated);
    }

    @Test
    void reference_lists_every_setting_with_its_default() {
        String reference = SettingsReference.markdown();
        Settings.all().forEach((name, key) -> assertThat(reference).contains("| `" + name + "` |"));
        assertThat(reference).contains("| `postgres.port` | `5432` | a port number 1-65535 |")
                .contains("| `tables.<schema.table>.truncate` | `delete` | delete or ignore |")
                .contains("| `debezium.<property>` |");
    }
}
