package com.tradeul.metasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final TableId TICKER_METADATA = new TableId("public", "ticker_metadata");

    /** How each setting used below reads back from the validated config. */
    private static final Map<String, Function<MetasyncConfig, String>> READ_BACK = Map.of(
            "postgres.host", c -> c.postgres().host(),
            "kafka.bootstrap-servers", c -> c.kafka().bootstrapServers().orElse("<embedded>"),
            "apply.batch-size", c -> Integer.toString(c.apply().batchSize()));

    @TempDir
    Path dir;

    @Test
    void defaults_copy_the_ticker_table_to_local_redis_through_an_embedded_broker() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.postgres().tables()).containsExactly(TICKER_METADATA);
        assertThat(config.keyTemplates()).containsOnlyKeys(TICKER_METADATA);
        assertThat(config.keyTemplates().get(TICKER_METADATA)).hasToString("metadata:ticker:{symbol}");
        assertThat(config.redis().uri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.kafka().bootstrapServers()).isEmpty();
        assertThat(config.capture().debeziumOverrides()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: file={1} {2}={3} --set={4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "postgres.host           | -         | METASYNC_POSTGRES_HOST           | -        | -        | localhost",
        "postgres.host           | file-host | METASYNC_POSTGRES_HOST           | -        | -        | file-host",
        "postgres.host           | file-host | METASYNC_POSTGRES_HOST           | env-host | -        | env-host",
        "postgres.host           | file-host | METASYNC_POSTGRES_HOST           | env-host | set-host | set-host",
        "postgres.host           | -         | METASYNC_POSTGRES_HOST           | env-host | set-host | set-host",
        "postgres.host           | file-host | METASYNC_POSTGRES_HOST           | -        | set-host | set-host",
        "kafka.bootstrap-servers | file:9092 | METASYNC_KAFKA_BOOTSTRAP_SERVERS | -        | -        | file:9092",
        "kafka.bootstrap-servers | file:9092 | METASYNC_KAFKA_BOOTSTRAP_SERVERS | env:9092 | -        | env:9092",
        "apply.batch-size        | 10        | METASYNC_APPLY_BATCH_SIZE        | 20       | -        | 20",
        "apply.batch-size        | 10        | METASYNC_APPLY_BATCH_SIZE        | 20       | 30       | 30",
    })
    void file_is_overridden_by_environment_which_is_overridden_by_set(
            String setting, String inFile, String variable, String inEnvironment, String set, String expected)
            throws IOException {
        Path file = write(inFile == null ? "" : setting + "=" + inFile + "\n");
        Map<String, String> environment = new HashMap<>(Map.of("UNRELATED", "x", "METASYNC_DEBUG", "1"));
        if (inEnvironment != null) {
            environment.put(variable, inEnvironment);
        }
        Map<String, String> overrides = set == null ? Map.of() : Map.of(setting, set);

        MetasyncConfig config = ConfigLoader.load(Optional.of(file), environment, overrides);

        assertThat(READ_BACK.get(setting).apply(config)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "postgres.port                               | abc                      | 1-65535",
        "postgres.port                               | 70000                    | 1-65535",
        "postgres.tables                             | ticker_metadata          | schema.table",
        "kafka.partitions                            | 0                        | whole number >= 1",
        "kafka.replication-factor                    | 0                        | -1 or a whole number >= 1",
        "redis.uri                                   | http://x                 | redis://",
        "apply.batch-size                            | 0                        | from 1 to 100000",
        "apply.max-retry-backoff-ms                  | 1                        | from 10 to 3600000",
        "normalize.special-numbers                   | maybe                    | string or null",
        "capture.offset-storage                      | s3                       | kafka or file",
        "postgres.hots                               | db.example.com           | did you mean 'postgres.host'?",
        "tables.public.other.key-template            | other:{id}               | not in postgres.tables",
        "tables.public.ticker_metadata.key-template  | metadata:ticker:{symbol  | never closed",
        "tables.public.ticker_metadata.key-template  | metadata:ticker:symbol}  | closes no placeholder",
        "tables.public.ticker_metadata.numbers       | text                     | number or string",
        "tables.public.ticker_metadata.columns.price.number | decimal           | number or string",
        "tables.public.ticker_metadata.rename.price  | ' '                      | a field name",
    })
    void invalid_value_names_the_setting_and_the_fix(String setting, String value, String why) {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of(setting, value)));

        assertThat(error).as("ConfigException for %s=%s", setting, value).isNotNull();
        assertThat(error.oneLine()).contains("'" + setting + "'", why, "Fix:");
    }

    @Test
    void number_modes_selection_and_renames_make_the_table_row_shape() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "tables.public.ticker_metadata.numbers", "string",
                "tables.public.ticker_metadata.columns.volume.number", "number",
                "tables.public.ticker_metadata.exclude-columns", "notes, secret",
                "tables.public.ticker_metadata.rename.last_price", "price"));

        com.tradeul.metasync.normalize.RowShape shape = config.rowShape(TICKER_METADATA);
        assertThat(shape.numbers("last_price")).isEqualTo(com.tradeul.metasync.normalize.NumberMode.STRING);
        assertThat(shape.numbers("volume")).isEqualTo(com.tradeul.metasync.normalize.NumberMode.NUMBER);
        assertThat(shape.exclude()).containsExactlyInAnyOrder("notes", "secret");
        assertThat(shape.field("last_price")).isEqualTo("price");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).rowShape(TICKER_METADATA))
                .isEqualTo(com.tradeul.metasync.normalize.RowShape.DEFAULT);
    }

    @Test
    void a_table_number_mode_reads_from_its_environment_variable_and_a_misspelt_column_setting_is_unknown() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of("METASYNC_TABLES_PUBLIC_TICKER_METADATA_NUMBERS", "string"), Map.of());
        assertThat(config.rowShape(TICKER_METADATA).numbers()).isEqualTo(com.tradeul.metasync.normalize.NumberMode.STRING);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(),
                Map.of("tables.public.ticker_metadata.columns.price.numbers", "string")));
        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("unknown setting 'tables.public.ticker_metadata.columns.price.numbers'");
    }

    @Test
    void include_and_exclude_columns_together_are_refused() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(),
                Map.of("tables.public.ticker_metadata.include-columns", "symbol", "tables.public.ticker_metadata.exclude-columns", "notes")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'tables.public.ticker_metadata.include-columns'",
                "'tables.public.ticker_metadata.exclude-columns'", "both set", "set one of them");
    }

    @Test
    void a_column_setting_of_a_table_not_copied_names_the_table() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(),
                Map.of("tables.public.other.rename.price", "px")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'tables.public.other.rename.price'", "names table 'public.other'", "postgres.tables");
    }

    @Test
    void invalid_value_from_the_file_is_reported_like_one_from_set() throws IOException {
        Path file = write("postgres.port=abc\n");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'postgres.port'", "'abc'", "Fix:");
    }

    @Test
    void every_problem_is_reported_at_once() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(
                Optional.empty(), Map.of(), Map.of("postgres.port", "abc", "apply.batch-size", "0", "postgres.hots", "h")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'postgres.port'", "'apply.batch-size'", "'postgres.hots'");
    }

    @Test
    void missing_config_file_names_the_file_and_the_fix() {
        Path missing = dir.resolve("missing.properties");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of()));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains(missing.toString(), "does not exist", "Fix:", "--config");
    }

    @Test
    void debezium_settings_pass_through_without_the_prefix() throws IOException {
        Path file = write("debezium.snapshot.mode=never\ndebezium.poll.interval.ms=100\n");

        MetasyncConfig config = ConfigLoader.load(Optional.of(file), Map.of(),
                Map.of("debezium.poll.interval.ms", "50", "debezium.heartbeat.interval.ms", "1000"));

        assertThat(config.capture().debeziumOverrides()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "snapshot.mode", "never",
                "poll.interval.ms", "50",
                "heartbeat.interval.ms", "1000"));
    }

    @Test
    void key_template_of_another_captured_table_is_used_for_that_table() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "postgres.tables", "public.ticker_metadata,public.other",
                "tables.public.other.key-template", "other:{id}"));

        assertThat(config.postgres().tables()).containsExactly(TICKER_METADATA, new TableId("public", "other"));
        assertThat(config.keyTemplates().get(new TableId("public", "other"))).hasToString("other:{id}");
        assertThat(config.keyTemplates().get(TICKER_METADATA)).hasToString("metadata:ticker:{symbol}");
    }

    @Test
    void every_setting_can_come_from_its_environment_variable() {
        Map<String, String> environment = new HashMap<>();
        Settings.all().forEach((name, key) -> environment.put(Settings.environmentVariable(name), defaultText(name)));
        environment.put("METASYNC_APPLY_BATCH_SIZE", "77");

        MetasyncConfig config = ConfigLoader.load(Optional.empty(), environment, Map.of());

        assertThat(config.apply().batchSize()).isEqualTo(77);
        assertThat(Settings.all().keySet().stream().map(Settings::environmentVariable).distinct())
                .as("no two settings share a variable").hasSameSizeAs(Settings.all().keySet());
    }

    private static String defaultText(String name) {
        return ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).raw().get(name);
    }

    @Test
    void per_table_and_debezium_settings_come_from_the_environment_too() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "METASYNC_POSTGRES_TABLES", "public.ticker_metadata,public.order_book",
                "METASYNC_TABLES_PUBLIC_ORDER_BOOK_KEY_TEMPLATE", "book:{id}",
                "METASYNC_TABLES_PUBLIC_TICKER_METADATA_TRUNCATE", "ignore",
                "METASYNC_DEBEZIUM_SNAPSHOT_MODE", "never",
                "METASYNC_DEBEZIUM_POLL_INTERVAL_MS", "50"), Map.of());

        assertThat(config.keyTemplates().get(new TableId("public", "order_book"))).hasToString("book:{id}");
        assertThat(config.truncatePolicy(TICKER_METADATA)).isEqualTo(TableSettings.TruncatePolicy.IGNORE);
        assertThat(config.capture().debeziumOverrides()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "snapshot.mode", "never", "poll.interval.ms", "50"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "METASYNC_APPLY_BATCH_SIZ                         | names no setting (did you mean METASYNC_APPLY_BATCH_SIZE?)",
        "METASYNC_TABLES_PUBLIC_OTHER_KEY_TEMPLATE        | names no setting",
        "METASYNC_DEBEZIUM_SNAPSHOT_MODEE                 | did you mean METASYNC_DEBEZIUM_SNAPSHOT_MODE?",
        "METASYNC_DEBEZIUM_NO_SUCH_THING                  | with --set",
    })
    void a_metasync_variable_that_names_no_setting_is_refused_with_a_hint(String variable, String message) {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of(variable, "x"), Map.of()));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("environment variable " + variable, message, "Fix:");
    }

    @Test
    void a_variable_that_could_mean_two_settings_is_refused() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_TABLES_PUBLIC_A_B_TRUNCATE", "ignore"), Map.of("postgres.tables", "public.a_b,public_a.b")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("could mean any of", "tables.public.a_b.truncate", "tables.public_a.b.truncate");
    }

    @Test
    void refused_values_never_show_a_secret() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(),
                Map.of("redis.uri", "http://admin:s3cret@cache:6379")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'redis.uri'", "http://***@cache:6379").doesNotContain("s3cret");
    }

    @Test
    void a_password_is_taken_exactly_as_given() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of("METASYNC_POSTGRES_PASSWORD", " spaced pass "), Map.of());

        assertThat(config.postgres().password()).isEqualTo(" spaced pass ");
        assertThat(config.postgres()).asString().doesNotContain("spaced");
    }

    @Test
    void a_secret_can_come_from_a_file_named_by_its_file_setting_or_variable() throws IOException {
        Path secret = Files.writeString(dir.resolve("pg-password"), "from file\n");
        Path jaas = Files.writeString(dir.resolve("jaas"), "ScramLoginModule required username=\"u\" password=\"p\";");

        MetasyncConfig config = ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG_FILE", jaas.toString()),
                Map.of("postgres.password-file", secret.toString(), "kafka.bootstrap-servers", "broker:9093"));

        assertThat(config.postgres().password()).isEqualTo("from file");
        assertThat(config.kafka().clientProperties()).containsEntry("sasl.jaas.config", Files.readString(jaas));
        assertThat(config.raw()).doesNotContainKey("postgres.password-file");
    }

    @Test
    void a_secret_file_that_cannot_be_read_or_a_secret_given_twice_is_refused() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_POSTGRES_PASSWORD", "x", "METASYNC_POSTGRES_PASSWORD_FILE", "/etc/hostname"),
                Map.of("kafka.client.ssl.truststore.password-file", dir.resolve("missing").toString())));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("both 'postgres.password' and 'postgres.password-file' are set",
                "setting 'kafka.client.ssl.truststore.password-file' names " + dir.resolve("missing") + ", which cannot be read");
    }

    @Test
    void only_secrets_have_a_file_form() {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("postgres.host-file", "/etc/hostname")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("unknown setting 'postgres.host-file'");
    }

    @Test
    void kafka_client_properties_pass_through_and_come_from_the_environment() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(), Map.of("METASYNC_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512"),
                Map.of("kafka.bootstrap-servers", "broker:9093", "kafka.client.security.protocol", "SASL_SSL"));

        assertThat(config.kafka().clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(Settings.isSecret("kafka.client.sasl.jaas.config")).isTrue();
        assertThat(Settings.isSecret("kafka.client.ssl.keystore.password")).isTrue();
        assertThat(Settings.isSecret("kafka.client.sasl.mechanism")).isFalse();
        assertThat(Settings.isSecret("debezium.database.password")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kafka.client.bootstrap.servers | set kafka.bootstrap-servers instead",
        "kafka.client.group.id          | set apply.group-id instead",
        "kafka.client.max.poll.records  | set apply.batch-size instead",
        "kafka.client.value.serializer  | metasync reads and writes Kafka records as bytes itself; leave it out",
        "kafka.client.enable.auto.commit | apply commits offsets only after Redis acknowledged the batch; leave it out",
        "kafka.client.acks              | capture's producer writes with acks=all and idempotence",
        "kafka.client.transactional.id  | metasync's producers are not transactional, and producers sharing one id fence each other; leave it out",
    })
    void a_client_property_metasync_owns_is_refused_with_what_to_do_instead(String setting, String fix) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(),
                Map.of("kafka.bootstrap-servers", "broker:9093", setting, "x")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("setting '" + setting + "' is metasync's own: " + fix);
    }

    @Test
    void an_owned_client_property_from_the_environment_is_refused_too() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_KAFKA_CLIENT_GROUP_ID", "other"), Map.of("kafka.bootstrap-servers", "broker:9093")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine()).contains("'kafka.client.group.id' is metasync's own: set apply.group-id instead");
    }

    @Test
    void client_properties_without_brokers_are_refused_since_the_embedded_broker_speaks_plain_text() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG", "password=\"jaas-secret\";"),
                Map.of("kafka.client.security.protocol", "SASL_SSL")));

        assertThat(error).isNotNull();
        assertThat(error.oneLine())
                .contains("kafka.client.* settings (kafka.client.sasl.jaas.config, kafka.client.security.protocol) are given but "
                        + "kafka.bootstrap-servers is empty, and the embedded broker listens in plain text on this machine: "
                        + "set kafka.bootstrap-servers to your brokers, or leave the kafka.client.* settings out")
                .doesNotContain("jaas-secret");
    }

    @Test
    void the_settings_dump_names_each_origin_and_hides_every_secret() {
        MetasyncConfig config = ConfigLoader.load(Optional.empty(),
                Map.of("METASYNC_POSTGRES_PASSWORD", "pg-secret", "METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG", "password=\"jaas-secret\";"),
                Map.of("redis.uri", "redis://:redis-secret@cache:6379", "apply.batch-size", "7", "kafka.bootstrap-servers", "broker:9093"));

        java.util.List<SettingsDump.Entry> dump = SettingsDump.of(config);

        assertThat(dump).contains(
                new SettingsDump.Entry("postgres.password", "[hidden]", "environment METASYNC_POSTGRES_PASSWORD"),
                new SettingsDump.Entry("kafka.client.sasl.jaas.config", "[hidden]", "environment METASYNC_KAFKA_CLIENT_SASL_JAAS_CONFIG"),
                new SettingsDump.Entry("redis.uri", "redis://***@cache:6379", "--set"),
                new SettingsDump.Entry("apply.batch-size", "7", "--set"),
                new SettingsDump.Entry("postgres.host", "localhost", "default"));
        assertThat(dump.toString()).doesNotContain("pg-secret", "jaas-secret", "redis-secret");
    }

    private Path write(String properties) throws IOException {
        return Files.writeString(dir.resolve("metasync.properties"), properties);
    }
}
