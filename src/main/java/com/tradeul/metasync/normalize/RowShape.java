package com.tradeul.metasync.normalize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which columns of a table's rows are written to Redis, under which field names, with which
 * {@link NumberMode}: one table's rendering rules, the same for apply, verify and repair.
 * Column names are PostgreSQL's, exactly (case included). Fields keep the table's column order.
 * Immutable and thread safe.
 *
 * @param numbers       the table's number mode
 * @param columnNumbers columns whose number mode differs from the table's
 * @param include       when not empty, the only columns written
 * @param exclude       columns never written
 * @param rename        column → the field name it is written under
 * @param format        the Redis type each row is written as
 */
public record RowShape(NumberMode numbers, Map<String, NumberMode> columnNumbers, Set<String> include, Set<String> exclude,
                       Map<String, String> rename, RowFormat format) {

    /** Every column, under its own name, as JSON numbers: metasync's rendering before shapes existed. */
    public static final RowShape DEFAULT = new RowShape(NumberMode.NUMBER, Map.of(), Set.of(), Set.of(), Map.of());

    /** A shape written as JSON strings. */
    public RowShape(NumberMode numbers, Map<String, NumberMode> columnNumbers, Set<String> include, Set<String> exclude,
                    Map<String, String> rename) {
        this(numbers, columnNumbers, include, exclude, rename, RowFormat.JSON);
    }

    public RowShape {
        Objects.requireNonNull(numbers, "numbers");
        Objects.requireNonNull(format, "format");
        columnNumbers = Map.copyOf(columnNumbers);
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
        rename = Map.copyOf(rename);
    }

    /** The same shape written as {@code other}. */
    public RowShape withFormat(RowFormat other) {
        return new RowShape(numbers, columnNumbers, include, exclude, rename, other);
    }

    public boolean writes(String column) {
        return (include.isEmpty() || include.contains(column)) && !exclude.contains(column);
    }

    /** The field a written column goes under. */
    public String field(String column) {
        return rename.getOrDefault(column, column);
    }

    public NumberMode numbers(String column) {
        return columnNumbers.getOrDefault(column, numbers);
    }

    /** The fields of those of {@code columns} that are written, in their order: e.g. unchanged TOAST columns. */
    public List<String> fields(Collection<String> columns) {
        List<String> fields = new ArrayList<>();
        columns.stream().filter(this::writes).forEach(c -> fields.add(field(c)));
        return fields;
    }

    /** {@code byColumn} keyed by field, the columns not written left out. */
    public <V> Map<String, V> byField(Map<String, V> byColumn) {
        Map<String, V> result = new LinkedHashMap<>();
        byColumn.forEach((column, value) -> {
            if (writes(column)) {
                result.put(field(column), value);
            }
        });
        return result;
    }
}
