package com.tradeul.metasync.capture;

import com.tradeul.metasync.normalize.PgText;
import java.util.function.IntFunction;

/**
 * Which built-in type's text rules a column follows, from {@code pg_type}: a domain reads as its
 * base type (through any chain of domains), an array as {@code _} and its element's type, so an
 * array of a domain over numeric reads as {@code _numeric}; enums, composites and user-defined
 * ranges and multiranges are carried as their text; a built-in type as itself when
 * {@link PgText} has a rule for it. Anything else (box, tsquery, pg_lsn, an extension type
 * without a rule, arrays of domains over arrays) cannot be carried: null. Pure; thread safe.
 */
final class TypeResolution {

    /** One row of pg_type. {@code kind} is typtype, {@code category} typcategory; 0 OIDs for none. */
    record TypeFacts(int oid, String name, char kind, char category, int base, int element) {}

    private TypeResolution() {}

    /**
     * @param facts pg_type by OID; called once per type of the chain
     * @return the built-in type to read the text as, or null when it cannot be carried
     */
    static String readAs(int oid, IntFunction<TypeFacts> facts) {
        TypeFacts type = facts.apply(oid);
        if (type.kind() == 'd') {
            return readAs(type.base(), facts);
        }
        if (type.category() == 'A' && type.element() != 0) {
            String element = scalar(type.element(), facts);
            return element == null ? null : "_" + element;
        }
        return scalar(oid, facts);
    }

    private static String scalar(int oid, IntFunction<TypeFacts> facts) {
        TypeFacts type = facts.apply(oid);
        if (type.kind() == 'd') {
            return scalar(type.base(), facts);
        }
        if (type.category() == 'A') {
            return null; // an array element that is itself an array (a domain over one): not carried
        }
        if (PgText.builtIn().supports(type.name())) {
            return type.name();
        }
        return switch (type.kind()) {
            case 'e', 'c', 'r', 'm' -> "text";
            default -> null;
        };
    }
}
