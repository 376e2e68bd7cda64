package com.tradeul.metasync.capture;

import com.tradeul.metasync.normalize.PgText;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How {@link ExactTypesConverter} learns which built-in type's text rules a column follows, from
 * what Debezium tells it about the column: the type's name ({@code RelationalColumn.typeName()}:
 * a domain's or an enum's own name, {@code _name} for arrays), its OID ({@code nativeType()}: the
 * base type's for a domain) and its JDBC type. In order:
 * <ol>
 * <li>the converter's {@code types} setting, {@code name:read-as,...}, which metasync computes
 *     from {@code pg_type} at start for every user-defined type of a captured column
 *     ({@link ColumnCatalog}) and, on Kafka Connect, by the connector's task at each start ({@link ConnectTextPath});</li>
 * <li>a built-in type metasync reads, by name;</li>
 * <li>a domain over one, by the base type's OID ({@link BuiltInTypes});</li>
 * <li>an enum (pgjdbc reports it as VARCHAR) or a composite (STRUCT): carried as text.</li>
 * </ol>
 * Anything else (an array of a domain or enum, a user-defined range, a type created after start
 * without a restart) is unknown: null. Immutable and thread safe.
 */
final class ConverterTypes {

    static final ConverterTypes NONE = new ConverterTypes(Map.of());

    private final Map<String, String> declared;

    private ConverterTypes(Map<String, String> declared) {
        this.declared = Map.copyOf(declared);
    }

    /**
     * @param setting {@code name:read-as} pairs separated by commas; empty for none
     * @throws IllegalArgumentException for a pair without its colon
     */
    static ConverterTypes parse(String setting) {
        Map<String, String> declared = new LinkedHashMap<>();
        for (String pair : setting.split(",")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("metasync.types entry '" + trimmed + "' is not type:read-as"
                        + " (for example mood:text,price:numeric,_price:_numeric)");
            }
            declared.put(trimmed.substring(0, colon), trimmed.substring(colon + 1));
        }
        return new ConverterTypes(declared);
    }

    /** The setting that {@link #parse} reads back: {@code name:read-as,...}. */
    static String setting(Map<String, String> readAs) {
        return readAs.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** @return the built-in type name to read the column's text as, or null when unknown */
    String readAs(String typeName, int nativeType, int jdbcType) {
        String declaredType = declared.get(typeName);
        if (declaredType != null) {
            return declaredType;
        }
        if (PgText.builtIn().supports(typeName)) {
            return typeName;
        }
        String base = BuiltInTypes.name(nativeType);
        if (base != null) {
            return base;
        }
        if (nativeType >= BuiltInTypes.FIRST_USER_OID && (jdbcType == Types.VARCHAR || jdbcType == Types.STRUCT)) {
            return "text";
        }
        return null;
    }
}
