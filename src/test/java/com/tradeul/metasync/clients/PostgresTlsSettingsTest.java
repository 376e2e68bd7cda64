package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.PostgresSettings;
import com.tradeul.metasync.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** postgres.ssl* as pgjdbc gets them, and the values refused before anything connects. */
class PostgresTlsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void by_default_only_pgjdbcs_own_default_sslmode_is_passed() {
        Properties properties = PostgresConnections.tlsProperties(settings(Map.of()));

        assertThat(properties).containsExactly(Map.entry("sslmode", "prefer"));
    }

    @Test
    void every_tls_setting_reaches_pgjdbc_under_its_own_name() throws IOException {
        Path ca = file("ca.pem", "-----BEGIN CERTIFICATE-----");
        Path cert = file("client.pem", "-----BEGIN CERTIFICATE-----");
        Path key = file("client.pk8", "0\u0082binary");

        Properties properties = PostgresConnections.tlsProperties(settings(Map.of(
                "postgres.sslmode", "VERIFY-FULL", "postgres.sslrootcert", ca.toString(), "postgres.sslcert", cert.toString(),
                "postgres.sslkey", key.toString(), "postgres.sslpassword", "key-secret")));

        assertThat(properties).containsOnly(Map.entry("sslmode", "verify-full"), Map.entry("sslrootcert", ca.toString()),
                Map.entry("sslcert", cert.toString()), Map.entry("sslkey", key.toString()), Map.entry("sslpassword", "key-secret"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "postgres.sslmode     | verify       | setting 'postgres.sslmode' is 'verify' but must be disable or allow or prefer or require or verify-ca or verify-full",
        "postgres.sslrootcert | /no/such.pem | setting 'postgres.sslrootcert' is '/no/such.pem' but must be a readable file, or empty (/no/such.pem is not a readable file)",
        "postgres.sslkey      | /no/such.pk8 | setting 'postgres.sslkey' is '/no/such.pk8' but must be a PKCS-8 DER (.pk8) or PKCS-12 (.p12, .pfx) key file, or empty",
    })
    void a_wrong_value_is_refused_naming_the_setting(String setting, String value, String message) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> settings(Map.of(setting, value)));

        assertThat(error.problem()).contains(message);
    }

    @Test
    void a_pem_client_key_is_refused_with_the_conversion_command() throws IOException {
        Path pem = file("client.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> settings(Map.of("postgres.sslkey", pem.toString())));

        assertThat(error.problem()).contains("is a PEM key, which pgjdbc cannot read; convert it with openssl pkcs8 -topk8"
                + " -inform PEM -outform DER -in " + pem + " -out client.pk8 -nocrypt");
    }

    @Test
    void the_key_password_is_a_secret_and_may_come_from_a_file() throws IOException {
        Path secret = file("sslpassword", "from-a-file\n");

        PostgresSettings settings = settings(Map.of("postgres.sslpassword-file", secret.toString()));

        assertThat(Settings.isSecret(PostgresSettings.SSLPASSWORD)).isTrue();
        assertThat(settings.sslPassword()).isEqualTo("from-a-file");
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static PostgresSettings settings(Map<String, String> given) {
        return ConfigLoader.load(Optional.empty(), Map.of(), given).postgres();
    }
}
