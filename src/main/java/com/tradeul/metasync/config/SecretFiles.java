package com.tradeul.metasync.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every secret setting {@code X} can instead be given as {@code X-file}, the path of a file that
 * holds the secret (as Docker and Kubernetes mount them; the convention of PostgreSQL's and Redis's
 * own images, {@code POSTGRES_PASSWORD_FILE}). The file's content is the secret, less one trailing
 * line break.
 */
final class SecretFiles {

    static final String SUFFIX = "-file";

    private SecretFiles() {}

    /** The {@code -file} form of each secret among {@code names}. */
    static List<String> fileSettings(List<String> names) {
        return names.stream().filter(Settings::isSecret).map(n -> n + SUFFIX).toList();
    }

    /**
     * Replaces each {@code X-file} of a secret {@code X} by {@code X} with the file's content.
     *
     * @param problems where a file that cannot be read, or a secret given both ways, is reported
     */
    static Map<String, String> resolve(Map<String, String> given, List<String> problems) {
        Map<String, String> resolved = new LinkedHashMap<>(given);
        for (var entry : given.entrySet()) {
            String name = entry.getKey();
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            String secret = name.substring(0, name.length() - SUFFIX.length());
            if (!Settings.isSecret(secret)) {
                continue; // not a secret's file form: an unknown setting, reported as such
            }
            resolved.remove(name);
            if (given.containsKey(secret)) {
                problems.add("both '" + secret + "' and '" + name + "' are set; set only one of them");
                continue;
            }
            try {
                resolved.put(secret, withoutTrailingLineBreak(Files.readString(Path.of(entry.getValue().trim()), StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                problems.add("setting '" + name + "' names " + entry.getValue().trim() + ", which cannot be read ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
        return resolved;
    }

    private static String withoutTrailingLineBreak(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
