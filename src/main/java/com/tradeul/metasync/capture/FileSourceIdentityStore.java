package com.tradeul.metasync.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** {@link SourceIdentityStore} in a file under data-dir, beside {@code capture-offsets.dat}; replaced atomically. */
final class FileSourceIdentityStore implements SourceIdentityStore {

    private final Path file;

    FileSourceIdentityStore(Path file) {
        this.file = file;
    }

    @Override
    public Optional<SourceIdentity> read() {
        try {
            return Files.exists(file) ? Optional.of(SourceIdentity.parse(Files.readString(file, StandardCharsets.UTF_8))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void write(SourceIdentity identity) {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, identity.format() + "\n", StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
