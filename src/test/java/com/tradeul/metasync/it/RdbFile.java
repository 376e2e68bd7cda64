package com.tradeul.metasync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.guard.RedisInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What an RDB file holds, read in a scratch {@code redis-server} of its own that nothing else
 * connects to.
 *
 * <p>Why not look in the Redis it is restored into: metasync notices a rollback within its
 * position check (200 ms) and replays, so by the time a test reads the restored Redis the rows it
 * means to see rolled back may be healed already (a clean CI run failed so). Here the file is
 * checked before the restore, and {@link #assertLoadedBy} proves the restore itself from INFO,
 * which no replay changes.
 *
 * @param keys how many keys the file holds
 * @param values the asked keys' values; null for a key the file does not hold
 */
record RdbFile(long keys, Map<String, String> values) {

    static RdbFile read(TestServices services, Path rdb, String... keys) {
        try (OwnRedis scratch = OwnRedis.start(services, "--appendonly", "no", "--save", "")) {
            scratch.server.stop();
            Files.copy(rdb, scratch.server.dir().resolve("dump.rdb"));
            scratch.server.start();
            Map<String, String> values = new HashMap<>();
            for (String key : keys) {
                values.put(key, scratch.session.sync().get(key));
            }
            return new RdbFile(scratch.session.sync().dbsize(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No file at all: a Redis that started from it loaded nothing. */
    static final RdbFile NONE = new RdbFile(0, Map.of());

    String value(String key) {
        return values.get(key);
    }

    /** Redis loaded this file at its last start: as many keys as the file holds (INFO rdb_last_load_keys_loaded). */
    void assertLoadedBy(RedisSession redis) {
        RedisInfo info = RedisInfo.parse(redis.sync().info("persistence"));
        assertThat(info.number("rdb_last_load_keys_loaded", -1)).as("keys Redis loaded at its last start").isEqualTo(keys);
    }
}
