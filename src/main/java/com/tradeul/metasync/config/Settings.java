package com.tradeul.metasync.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Every setting metasync knows, by feature: the loader validates against these definitions, and
 * the README's reference is generated from them ({@link SettingsReference}). A setting is added in
 * its group's class alone.
 */
public final class Settings {

    public static final List<SettingsGroup.Definition> GROUPS = List.of(
            PostgresSettings.DEFINITION, KafkaSettings.DEFINITION, RedisSettings.DEFINITION, ApplySettings.DEFINITION,
            NormalizeSettings.DEFINITION, CaptureSettings.DEFINITION, VerifySettings.DEFINITION, GuardSettings.DEFINITION,
            MonitorSettings.DEFINITION, ProcessSettings.DEFINITION);

    public static final List<PassThrough> PASS_THROUGH = List.of(KafkaSettings.CLIENT, CaptureSettings.DEBEZIUM);

    /** Environment variables of metasync's own that are not settings. */
    public static final List<String> OTHER_VARIABLES = List.of("METASYNC_DEBUG", "METASYNC_JAVA_OPTS", "METASYNC_LOG_LEVEL", "METASYNC_LOG_FORMAT");

    private Settings() {}

    /** Every fixed setting's declaration, by name, in the README's order. */
    public static Map<String, ConfigDef.ConfigKey> all() {
        Map<String, ConfigDef.ConfigKey> keys = new LinkedHashMap<>();
        GROUPS.forEach(group -> keys.putAll(group.settings().configKeys()));
        return keys;
    }

    /**
     * Whether a setting's value is a secret: never printed, and also readable from a file
     * ({@code <setting>-file}). metasync's own PASSWORD settings, and the pass-through properties
     * their component declares as passwords (e.g. {@code kafka.client.sasl.jaas.config}).
     */
    public static boolean isSecret(String setting) {
        ConfigDef.ConfigKey key = all().get(setting);
        if (key != null) {
            return key.type == ConfigDef.Type.PASSWORD;
        }
        return PASS_THROUGH.stream().anyMatch(p -> p.isSecret(setting));
    }

    /** {@code postgres.password} is read from {@code METASYNC_POSTGRES_PASSWORD}: upper case, {@code .} and {@code -} as {@code _}. */
    public static String environmentVariable(String setting) {
        return "METASYNC_" + setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
