package com.tradeul.metasync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.Setting;
import com.tradeul.metasync.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The README's configuration reference lists every setting metasync knows. */
class ReadmeTest {

    static final java.util.List<Setting> SETTINGS = Settings.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("SETTINGS")
    void readme_documents_the_setting(Setting setting) throws Exception {
        assertThat(Files.readString(Path.of("README.md"))).contains("| `" + setting.name() + "` |");
    }
}
