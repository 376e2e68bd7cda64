package com.tradeul.metasync.it;

import com.tradeul.metasync.devtools.local.LocalRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * A Redis of a test's own, for tests that restart, flush, roll back or starve Redis: the shared one
 * stays untouched. Closing stops the server and the test's connection.
 */
final class OwnRedis implements AutoCloseable {

    final LocalRedis server;
    final RedisSession session;

    private OwnRedis(LocalRedis server) {
        this.server = server;
        this.session = new RedisSession(server.uri());
    }

    static OwnRedis start(TestServices services, String... args) {
        try {
            return new OwnRedis(LocalRedis.builder(Files.createTempDirectory(services.root, "own-redis-"))
                    .extraArgs(List.of(args)).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        session.close();
        server.close();
    }
}
