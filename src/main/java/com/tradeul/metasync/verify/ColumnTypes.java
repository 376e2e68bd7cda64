package com.tradeul.metasync.verify;

import com.tradeul.metasync.normalize.PgText;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which type name {@link PgText} reads a column's text by, from the catalog rows of the column's
 * type and of the types it is built on:
 * <ul>
 *   <li>a domain by {@link DomainRendering}: as text, or as its base type (a domain over a domain
 *       by the innermost base type);</li>
 *   <li>an enum, a composite, and a range or multirange PostgreSQL does not define, as text:
 *       their text is what metasync carries;</li>
 *   <li>an array as {@code _} and its element's name by these rules, so an array of a domain
 *       reads its elements as the domain reads its values;</li>
 *   <li>anything else by its own {@code pg_type.typname}: PgText refuses the types it has no rule
 *       for (box, tsquery, ...), value by value.</li>
 * </ul>
 * PgText goes by the name alone, so user types are told apart by their catalog kind and oid,
 * never by a name they could share with a built-in type. Immutable and thread safe.
 */
final class ColumnTypes {

    /**
     * What the rules need of one {@code pg_type} row.
     *
     * @param kind        {@code typtype}: {@code b} base, {@code d} domain, {@code e} enum,
     *                    {@code r} range, {@code m} multirange, {@code c} composite
     * @param category    {@code typcategory}; {@code A} for arrays
     * @param baseType    {@code typbasetype}, 0 unless a domain
     * @param elementType {@code typelem}, the element type of an array
     */
    record PgType(long oid, String name, char kind, char category, long baseType, long elementType) {}

    /** PostgreSQL's FirstNormalObjectId: types with a lower oid are built in. */
    private static final long FIRST_USER_OID = 16384;

    private final Map<Long, PgType> types = new HashMap<>();
    private final DomainRendering domains;

    /** @param types every type a column's type is built on, the column types included */
    ColumnTypes(Collection<PgType> types, DomainRendering domains) {
        types.forEach(type -> this.types.put(type.oid(), type));
        this.domains = domains;
    }

    /** The name to pass {@link PgText#parse} for values of the type {@code oid}. */
    String parserType(long oid) {
        PgType type = types.get(oid);
        if (type == null) {
            throw new IllegalStateException("PostgreSQL type " + oid + " is not in the catalog rows read for the table;"
                    + " was the column's type changed while verify read it? Run verify again");
        }
        return switch (type.kind()) {
            case 'd' -> domains.typeName(parserType(type.baseType()));
            case 'e', 'c' -> "text";
            case 'r', 'm' -> type.oid() < FIRST_USER_OID ? type.name() : "text";
            default -> type.category() == 'A' ? "_" + parserType(type.elementType()) : type.name();
        };
    }
}
