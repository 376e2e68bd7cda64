package com.tradeul.metasync.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * The ports {@link FreePorts} draws from: from {@link #FIRST} up to the start of the kernel's
 * ephemeral range, so no outgoing connection takes one between its pick and its bind. Pure.
 *
 * @param first first port, inclusive
 * @param end   end, exclusive; {@code end <= first} for none
 */
record PortRange(int first, int end) {

    /** Above the well-known and common service ports (PostgreSQL 5432, Redis 6379, Kafka 9092). */
    static final int FIRST = 10_000;

    /** Fewer ports than this below the ephemeral range and random picks would often meet each other. */
    static final int MIN_SIZE = 2_000;

    static final PortRange EMPTY = new PortRange(FIRST, FIRST);

    /**
     * From the content of {@code /proc/sys/net/ipv4/ip_local_port_range} ("32768\t60999"): the ports
     * below its first, or {@link #EMPTY} when they are fewer than {@link #MIN_SIZE}.
     *
     * @throws IllegalArgumentException if the content is not two port numbers
     */
    static PortRange belowEphemeral(String ipLocalPortRange) {
        String[] bounds = ipLocalPortRange.trim().split("\\s+");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("not two port numbers: '" + ipLocalPortRange.trim() + "'");
        }
        int ephemeralFirst = Integer.parseInt(bounds[0]);
        PortRange below = new PortRange(FIRST, ephemeralFirst);
        return below.size() >= MIN_SIZE ? below : EMPTY;
    }

    /**
     * The first line of a {@code /proc} file. Not {@code Files.readString}: procfs reports a size of
     * 0 and that read came back with the first byte only ("3" of "32768\t60999").
     */
    static String readProcFile(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        }
    }

    int size() {
        return Math.max(0, end - first);
    }

    int random(RandomGenerator random) {
        return random.nextInt(first, end);
    }
}
