package com.tradeul.metasync.normalize;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Redis key template such as {@code metadata:ticker:{symbol}}: literal text with {@code {column}}
 * placeholders filled from the record key's parts (see {@link JsonRenderer#keyParts}). Immutable and
 * thread safe; arguments must not be null.
 */
public final class KeyTemplate {

    private static final String EXAMPLE = "a valid template looks like metadata:ticker:{symbol} or {schema}.{region}:{id}";

    private final String template;
    /** literals.size() == names.size() + 1: literal, name, literal, …, literal. */
    private final List<String> literals;
    private final List<String> names;

    private KeyTemplate(String template, List<String> literals, List<String> names) {
        this.template = template;
        this.literals = List.copyOf(literals);
        this.names = List.copyOf(names);
    }

    /** @throws IllegalArgumentException saying what is wrong, with an example of a valid template */
    public static KeyTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int literalStart = 0;
        int open = -1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (open >= 0) {
                    throw invalid(template, "'{' at position " + i + " opens a placeholder inside the one opened at " + open);
                }
                literals.add(template.substring(literalStart, i));
                open = i;
            } else if (c == '}') {
                if (open < 0) {
                    throw invalid(template, "'}' at position " + i + " closes no placeholder");
                }
                names.add(placeholderName(template, open, i));
                literalStart = i + 1;
                open = -1;
            }
        }
        if (open >= 0) {
            throw invalid(template, "the placeholder opened at position " + open + " is never closed with '}'");
        }
        if (names.isEmpty()) {
            throw invalid(template, "it has no {column} placeholder, so every row would share one key");
        }
        literals.add(template.substring(literalStart));
        return new KeyTemplate(template, literals, names);
    }

    private static String placeholderName(String template, int open, int close) {
        String name = template.substring(open + 1, close);
        if (name.isBlank()) {
            throw invalid(template, "the placeholder at position " + open + " names no column");
        }
        return name;
    }

    private static IllegalArgumentException invalid(String template, String reason) {
        return new IllegalArgumentException("invalid key template '" + template + "': " + reason + "; " + EXAMPLE);
    }

    /** The column names the template substitutes, each once, in order of first appearance. */
    public List<String> placeholders() {
        return List.copyOf(new LinkedHashSet<>(names));
    }

    /**
     * A Redis SCAN MATCH pattern for every key this template can produce: placeholders become
     * {@code *}, glob characters in the fixed parts are escaped.
     */
    public String globPattern() {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i <= names.size(); i++) {
            for (char c : literals.get(i).toCharArray()) {
                if ("*?[]\\".indexOf(c) >= 0) {
                    pattern.append('\\');
                }
                pattern.append(c);
            }
            boolean followsPlaceholder = i > 0 && literals.get(i).isEmpty();
            if (i < names.size() && !followsPlaceholder) {
                pattern.append('*');
            }
        }
        return pattern.toString();
    }

    /**
     * The placeholder values a key was rendered from, or empty when the key does not fit this
     * template. Inverse of {@link #render}; where two placeholders touch, the split is ambiguous
     * and the first takes the shortest text.
     */
    public java.util.Optional<Map<String, String>> match(String key) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i <= names.size(); i++) {
            regex.append(java.util.regex.Pattern.quote(literals.get(i)));
            if (i < names.size()) {
                regex.append("(.+?)");
            }
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(key);
        if (!matcher.matches()) {
            return java.util.Optional.empty();
        }
        Map<String, String> parts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String previous = parts.putIfAbsent(names.get(i), matcher.group(i + 1));
            if (previous != null && !previous.equals(matcher.group(i + 1))) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(parts);
    }

    /**
     * The key for one row.
     *
     * @param parts column name → text, as {@link JsonRenderer#keyParts} gives them
     * @throws IllegalArgumentException naming the placeholder that {@code parts} lacks
     */
    public String render(Map<String, String> parts) {
        StringBuilder key = new StringBuilder(template.length() + 16);
        for (int i = 0; i < names.size(); i++) {
            key.append(literals.get(i)).append(partFor(names.get(i), parts));
        }
        return key.append(literals.get(names.size())).toString();
    }

    private String partFor(String name, Map<String, String> parts) {
        String part = parts.get(name);
        if (part == null) {
            throw new IllegalArgumentException("key template '" + template + "' needs placeholder {" + name
                    + "} but the record key has only " + parts.keySet()
                    + "; make the template use the table's primary-key columns");
        }
        return part;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyTemplate that && template.equals(that.template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
