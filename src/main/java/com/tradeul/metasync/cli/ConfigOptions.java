package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.ConfigLoader;
import com.tradeul.metasync.config.MetasyncConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that reads settings shares. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Settings file (Java properties). Default: metasync.properties in the working directory, if present.")
    Path configFile;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set redis.uri=redis://host:6379. Repeatable. "
                    + "Precedence: --set > METASYNC_* environment variables > settings file > defaults.")
    Map<String, String> overrides = new LinkedHashMap<>();

    MetasyncConfig load(Map<String, String> environment) {
        Optional<Path> file = Optional.ofNullable(configFile);
        if (file.isEmpty() && Path.of("metasync.properties").toFile().isFile()) {
            file = Optional.of(Path.of("metasync.properties"));
        }
        return ConfigLoader.load(file, environment, overrides);
    }
}
