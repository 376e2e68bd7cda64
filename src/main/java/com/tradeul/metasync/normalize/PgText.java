package com.tradeul.metasync.normalize;

import com.tradeul.metasync.wire.ColumnValue;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns PostgreSQL's own text of a column value into the exact {@link ColumnValue} metasync
 * carries, so that {@link JsonRenderer} alone decides the JSON. A value parsed here renders byte
 * for byte as metasync renders the same value read through JDBC or Debezium where those can
 * carry it.
 *
 * <p>The text is what the type's output function prints: what pgoutput sends, what a text-protocol
 * result holds, what {@code format('%s', col)} gives. Not {@code col::text}: for four types that
 * is a cast with text of its own. bool's {@code true} is refused, but char(n) without its padding,
 * inet with {@code /32} or {@code /128} added and xml with its declaration kept would be read as
 * other values than the column holds.
 *
 * <p>The type is PostgreSQL's type name as in {@code pg_type.typname}: {@code int4},
 * {@code numeric}, {@code bpchar}, {@code timestamptz}, {@code _numeric} for {@code numeric[]}.
 * For a domain the caller passes its base type's name ({@code pg_type.typbasetype}; for an array
 * of a domain, {@code _} and the base type's name), which makes a domain over numeric a number; enums,
 * user-defined ranges and extension types whose text is carried as is are named to
 * {@link #withTextTypes}.
 *
 * <p>What the text must look like, i.e. the session settings of the connection that produced it
 * (pgjdbc and Debezium set DateStyle and extra_float_digits themselves; the others are server
 * defaults):
 * <ul>
 * <li>{@code DateStyle = ISO} (any order: {@code ISO, MDY} and {@code ISO, DMY} print alike).
 *     Other styles are refused, never guessed.</li>
 * <li>{@code IntervalStyle = postgres} (the default) or {@code iso_8601}; {@code sql_standard}
 *     and {@code postgres_verbose} are refused.</li>
 * <li>{@code TimeZone}: any. timestamptz text carries its offset and is read at UTC; timetz keeps its offset.
 *     Ranges are carried as PostgreSQL's text, so tstzrange's follows TimeZone (and date and
 *     timestamp ranges DateStyle): UTC gives the README's {@code +00} forms.</li>
 * <li>{@code lc_monetary = C}, {@code POSIX} or {@code en_US}: money as {@code $1,234.56} /
 *     {@code -$1,234.56}. Other locales' currency text is refused: whether {@code ,} groups or
 *     separates decimals cannot be told from the text.</li>
 * <li>{@code bytea_output = hex} or {@code escape}: both read, told apart by the hex form's
 *     leading {@code \x}, which escape output never starts with.</li>
 * <li>{@code extra_float_digits >= 1} (PostgreSQL 12+'s default 1, pgjdbc's 3): real and double
 *     precision print their shortest exact digits. With 0 or less PostgreSQL rounds them before
 *     they reach this class, which cannot tell.</li>
 * </ul>
 *
 * <p>Immutable and thread safe. {@code typeName} must not be null; a null {@code text} is SQL
 * NULL. Anything it cannot read exactly throws {@link UnparsableValueException}.
 */
public final class PgText {

    /** Built-in and common extension types whose text metasync carries as is (as capture does today). */
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "char", "name", "citext",
            "xml", "inet", "cidr", "macaddr", "macaddr8", "tsvector", "ltree", "isbn",
            "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
            "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange");
    private static final Set<String> RULED_TYPES = Set.of("int2", "int4", "int8", "oid", "float4", "float8",
            "numeric", "money", "bool", "bit", "varbit", "bytea", "uuid", "json", "jsonb", "point",
            "date", "time", "timetz", "timestamp", "timestamptz", "interval");
    private static final Pattern BITS = Pattern.compile("[01]*");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final PgText BUILT_IN = new PgText(Set.of());

    private final Set<String> textTypes;

    private PgText(Set<String> textTypes) {
        this.textTypes = textTypes;
    }

    /** A parser for PostgreSQL's built-in types. */
    public static PgText builtIn() {
        return BUILT_IN;
    }

    /**
     * A parser that also carries the text of these types as is (and of arrays of them): enum
     * labels, user-defined ranges, extension types.
     *
     * @throws IllegalArgumentException for a built-in type's name or an array type's name, which
     *                                  have rules of their own
     */
    public static PgText withTextTypes(Collection<String> typeNames) {
        for (String name : typeNames) {
            if (name.startsWith("_") || TEXT_TYPES.contains(name) || RULED_TYPES.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is a built-in or array type with its own rule;"
                        + " name only enums, user-defined ranges and extension types");
            }
        }
        return new PgText(Set.copyOf(typeNames));
    }

    /**
     * Whether values of this type can be parsed, so a caller can refuse an unknown column type
     * at start rather than dead-letter every row of it.
     */
    public boolean supports(String typeName) {
        if (typeName.startsWith("_")) {
            String element = typeName.substring(1);
            return !element.startsWith("_") && scalarSupported(element);
        }
        return scalarSupported(typeName);
    }

    /**
     * The value PostgreSQL printed as {@code text} for a column of type {@code typeName}.
     *
     * @throws UnparsableValueException for a type without a rule, or text not in the form the
     *                                  settings above produce
     */
    public ColumnValue parse(String typeName, String text) {
        Objects.requireNonNull(typeName, "typeName");
        if (text == null) {
            return ColumnValue.Null.INSTANCE;
        }
        if (typeName.startsWith("_")) {
            return array(typeName, text);
        }
        return scalar(typeName, text);
    }

    private boolean scalarSupported(String typeName) {
        return TEXT_TYPES.contains(typeName) || RULED_TYPES.contains(typeName) || textTypes.contains(typeName);
    }

    private ColumnValue array(String typeName, String text) {
        String element = typeName.substring(1);
        if (element.equals("box")) {
            throw new UnparsableValueException(typeName, "box is not a type metasync carries (and box[] separates "
                    + "elements with ';'); change the column's type or leave the column out", text);
        }
        if (!supports(typeName)) {
            throw unknownType(typeName, text);
        }
        return PgArrayText.parse(typeName, text, elementText -> scalar(element, elementText));
    }

    private ColumnValue scalar(String typeName, String text) {
        return switch (typeName) {
            case "int2", "int4", "int8", "oid" -> PgNumberText.integer(typeName, text);
            case "float4" -> PgNumberText.float4(text);
            case "float8" -> PgNumberText.float8(typeName, text);
            case "numeric" -> PgNumberText.numeric(text);
            case "money" -> PgNumberText.money(text);
            case "point" -> PgNumberText.point(text);
            case "bool" -> bool(text);
            case "bit", "varbit" -> bits(typeName, text);
            case "bytea" -> PgByteaText.parse(text);
            case "uuid" -> uuid(text);
            // Checked where it is rendered (JsonRenderer copies it token by token).
            case "json", "jsonb" -> new ColumnValue.Json(text);
            case "date", "time", "timetz", "timestamp", "timestamptz" -> PgTemporalText.parse(typeName, text);
            case "interval" -> PgIntervalText.parse(text);
            default -> {
                if (TEXT_TYPES.contains(typeName) || textTypes.contains(typeName)) {
                    yield new ColumnValue.Text(text);
                }
                throw unknownType(typeName, text);
            }
        };
    }

    private static ColumnValue bool(String text) {
        return switch (text) {
            case "t" -> new ColumnValue.Bool(true);
            case "f" -> new ColumnValue.Bool(false);
            default -> throw new UnparsableValueException("bool", "PostgreSQL's output function prints 't' or 'f' ('true' "
                    + "is bool::text); read values as pgoutput sends them, or with format('%s', col), not col::text", text);
        };
    }

    private static ColumnValue bits(String typeName, String text) {
        if (!BITS.matcher(text).matches()) {
            throw new UnparsableValueException(typeName, "a bit string holds only 0 and 1", text);
        }
        return new ColumnValue.Text(text);
    }

    private static ColumnValue uuid(String text) {
        if (!UUID.matcher(text).matches()) {
            throw new UnparsableValueException("uuid", "not PostgreSQL's lower-case 8-4-4-4-12 hex form", text);
        }
        return new ColumnValue.Uuid(text);
    }

    private static UnparsableValueException unknownType(String typeName, String text) {
        return new UnparsableValueException(typeName, "metasync has no rule for this type; if its text can be "
                + "carried as is (an enum, a user-defined range), name it as a text type, else change the "
                + "column's type or leave the column out", text);
    }
}
