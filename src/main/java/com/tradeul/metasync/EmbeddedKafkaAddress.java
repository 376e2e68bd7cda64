package com.tradeul.metasync;

import com.tradeul.metasync.config.ConfigException;
import com.tradeul.metasync.config.MetasyncConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lets other metasync commands (verify --repair, ...) find the embedded broker of a running
 * {@code metasync run}: its address is written under data-dir while it runs.
 */
public final class EmbeddedKafkaAddress {

    private EmbeddedKafkaAddress() {}

    static Path file(Path dataDir) {
        return dataDir.resolve("kafka").resolve("bootstrap.servers");
    }

    static void publish(Path dataDir, String servers) {
        try {
            Files.createDirectories(file(dataDir).getParent());
            Files.writeString(file(dataDir), servers, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file(dataDir) + ": " + e.getMessage(), e);
        }
    }

    static void withdraw(Path dataDir) throws IOException {
        Files.deleteIfExists(file(dataDir));
    }

    /** The configured brokers, or the embedded broker of a running {@code metasync run} with the same data-dir. */
    public static MetasyncConfig resolve(MetasyncConfig config) {
        if (config.kafka().bootstrapServers().isPresent()) {
            return config;
        }
        Path file = file(config.dataDir());
        try {
            return config.withBootstrapServers(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw ConfigException.unreachable("no Kafka to talk to: kafka.bootstrap-servers is empty and no 'metasync run' with an "
                    + "embedded broker is running with data-dir " + config.dataDir(),
                    "set kafka.bootstrap-servers, or start 'metasync run' with the same data-dir first");
        }
    }
}
