package com.tradeul.metasync.devtools.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the rebuild baseline's file of {@code SET key value} commands into the commands apply
 * sends Redis for the same rows: per batch, MULTI, one call of the fencing script with each row and
 * its fence, the offsets, EXEC (or a candidate {@link FenceLayout}'s commands in the MULTI). Piped into Redis with {@code redis-cli --pipe}, it measures what
 * Redis alone needs for metasync's writes: the ceiling of a rebuild, however fast apply gets.
 * Pure apart from the streams it is given.
 */
final class FencedWritesFile {

    /** Rows per script call: apply's default batch size ({@code apply.batch-size}). */
    static final int ROWS_PER_CALL = 2_000;
    static final String OFFSETS_KEY = "bench-ceiling:offsets";
    /** The script's last key, the hash of rows capture could not carry (none here: it costs one EXISTS per call). */
    static final String MARKS_KEY = "bench-ceiling:unconvertible";

    private FencedWritesFile() {}

    /** @return the number of rows written, each with its fence kept as {@code layout} keeps it */
    static long convert(InputStream setCommands, OutputStream out, FenceLayout layout, int rowsPerCall) throws IOException {
        return convert(setCommands, out, layout.script(), rowsPerCall, layout);
    }

    /** @return the number of rows written, with apply's fence layout ({@link FenceLayout#PER_KEY}) and {@code script} */
    static long convert(InputStream setCommands, OutputStream out, byte[] script, int rowsPerCall) throws IOException {
        return convert(setCommands, out, script, rowsPerCall, FenceLayout.PER_KEY);
    }

    private static long convert(InputStream setCommands, OutputStream out, byte[] script, int rowsPerCall, FenceLayout layout)
            throws IOException {
        writeCommand(out, List.of(bytes("SCRIPT"), bytes("LOAD"), script));
        String sha = sha1(script);
        List<byte[]> rowKeys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long rows = 0;
        List<byte[]> command;
        while ((command = readCommand(setCommands)) != null) {
            if (command.size() != 3 || !"SET".equalsIgnoreCase(new String(command.get(0), StandardCharsets.US_ASCII))) {
                throw new IOException("expected SET key value, got a command of " + command.size() + " parts");
            }
            rows++;
            rowKeys.add(command.get(1));
            values.add(command.get(2));
            if (rowKeys.size() == rowsPerCall) {
                writeBatch(out, layout, sha, rowKeys, values, rows);
            }
        }
        if (!rowKeys.isEmpty()) {
            writeBatch(out, layout, sha, rowKeys, values, rows);
        }
        return rows;
    }

    /** A batch's commands in one MULTI/EXEC; {@code rows} counts the rows so far, this batch's included. */
    private static void writeBatch(OutputStream out, FenceLayout layout, String sha, List<byte[]> rowKeys, List<byte[]> values, long rows)
            throws IOException {
        long before = rows - rowKeys.size();
        writeCommand(out, List.of(bytes("MULTI")));
        for (List<byte[]> command : layout.batch(sha, rowKeys, values, before + 1, before)) {
            writeCommand(out, command);
        }
        writeCommand(out, List.of(bytes("EXEC")));
        rowKeys.clear();
        values.clear();
    }

    static void writeCommand(OutputStream out, List<byte[]> parts) throws IOException {
        out.write(bytes("*" + parts.size() + "\r\n"));
        for (byte[] part : parts) {
            out.write(bytes("$" + part.length + "\r\n"));
            out.write(part);
            out.write('\r');
            out.write('\n');
        }
    }

    /** @return the next RESP array of bulk strings, or null at the end of the stream */
    static List<byte[]> readCommand(InputStream in) throws IOException {
        int first = in.read();
        while (first == '\n' || first == '\r') {
            first = in.read();
        }
        if (first == -1) {
            return null;
        }
        if (first != '*') {
            throw new IOException("expected a RESP array ('*'), got '" + (char) first + "'");
        }
        int count = Integer.parseInt(readLine(in));
        List<byte[]> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.read() != '$') {
                throw new IOException("expected a RESP bulk string ('$')");
            }
            int length = Integer.parseInt(readLine(in));
            byte[] part = in.readNBytes(length);
            if (part.length < length || in.read() != '\r' || in.read() != '\n') {
                throw new EOFException("RESP bulk string cut short");
            }
            parts.add(part);
        }
        return parts;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new EOFException("RESP line cut short");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("RESP line not ended by CRLF");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    static String sha1(byte[] script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
