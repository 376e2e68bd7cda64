package com.tradeul.metasync.wire;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * What {@link ChangeEventWriter} and {@link ChangeEventReader} need of the current ChangeEvent
 * schema, read from the schema itself so that it stays the one definition: each value kind's
 * branch in the value union (and in ArrayValue's items union), the enum symbols' ordinals, and a
 * check that every record has the fields those two classes write and read, in that order. A new
 * schema version that changes any of it fails here, at start, with what to change. Immutable.
 */
final class ChangeEventLayout {

    /** The value kinds, by their name in the value union. */
    enum Kind {
        NULL("null"), BOOLEAN("boolean"), LONG("long"), DOUBLE("double"), STRING("string"), BYTES("bytes"), DECIMAL("DecimalValue"),
        SPECIAL_NUMERIC("SpecialNumeric"), DATE("DateValue"), TIME("TimeValue"), TIMESTAMP("TimestampValue"), UUID("UuidValue"),
        JSON("JsonValue"), ARRAY("ArrayValue"), TEMPORAL_INFINITY("TemporalInfinity"), INTERVAL("IntervalValue"), TIME_TZ("TimeTzValue"),
        POINT("PointValue");

        final String schemaName;

        Kind(String schemaName) {
            this.schemaName = schemaName;
        }
    }

    /** The single-object header: C3 01 and the schema's fingerprint. */
    final byte[] header;
    /** Branch in the value union, by {@link Kind#ordinal()}. */
    final int[] valueBranch;
    /** Branch in ArrayValue's items union, by {@link Kind#ordinal()}. */
    final int[] itemBranch;
    /** Kind, by branch in the value union. */
    final Kind[] valueKind;
    /** Kind, by branch in ArrayValue's items union. */
    final Kind[] itemKind;
    private final int[] operationOrdinal;
    private final Operation[] operationBySymbol;
    private final int[] specialNumericOrdinal;
    private final ColumnValue.SpecialNumber[] specialNumericBySymbol;
    private final int[] temporalInfinityOrdinal;
    private final ColumnValue.TemporalInfinity[] temporalInfinityBySymbol;

    ChangeEventLayout(Schema schema, byte[] header) {
        this.header = header.clone();
        expectFields(schema, "table", "op", "source", "key", "row", "unchangedColumns", "problem");
        expectFields(schema.getField("source").schema(), "lsn", "txId", "commitTimeMicros");
        Schema column = schema.getField("key").schema().getElementType();
        expectFields(column, "name", "value");
        Schema values = column.getField("value").schema();
        this.valueBranch = byKind(branches(values));
        Schema items = branch(values, Kind.ARRAY).getField("items").schema().getElementType();
        expectFields(branch(values, Kind.DECIMAL), "unscaled", "scale");
        expectFields(branch(values, Kind.TIMESTAMP), "epochMicros", "withTimeZone");
        expectFields(branch(values, Kind.INTERVAL), "months", "days", "micros");
        expectFields(branch(values, Kind.TIME_TZ), "micros", "offsetSeconds");
        expectFields(branch(values, Kind.POINT), "x", "y");
        expectFields(schema.getField("problem").schema().getTypes().get(1), "column", "reason", "text");
        this.itemBranch = byKind(branches(items));
        this.valueKind = byBranch(valueBranch, values.getTypes().size());
        this.itemKind = byBranch(itemBranch, items.getTypes().size());
        Schema operation = schema.getField("op").schema();
        this.operationOrdinal = ordinals(operation, Operation.values());
        this.operationBySymbol = bySymbol(operation, Operation.values(), new Operation[operation.getEnumSymbols().size()]);
        Schema special = branch(values, Kind.SPECIAL_NUMERIC);
        this.specialNumericOrdinal = ordinals(special, ColumnValue.SpecialNumber.values());
        this.specialNumericBySymbol = bySymbol(special, ColumnValue.SpecialNumber.values(),
                new ColumnValue.SpecialNumber[special.getEnumSymbols().size()]);
        Schema infinity = branch(values, Kind.TEMPORAL_INFINITY);
        this.temporalInfinityOrdinal = ordinals(infinity, ColumnValue.TemporalInfinity.values());
        this.temporalInfinityBySymbol = bySymbol(infinity, ColumnValue.TemporalInfinity.values(),
                new ColumnValue.TemporalInfinity[infinity.getEnumSymbols().size()]);
    }

    int operationOrdinal(Operation op) {
        return operationOrdinal[op.ordinal()];
    }

    int specialNumericOrdinal(ColumnValue.SpecialNumber number) {
        return specialNumericOrdinal[number.ordinal()];
    }

    int temporalInfinityOrdinal(ColumnValue.TemporalInfinity infinity) {
        return temporalInfinityOrdinal[infinity.ordinal()];
    }

    /** @throws IndexOutOfBoundsException for a symbol the schema does not have (corrupt input) */
    Operation operation(int symbol) {
        return operationBySymbol[symbol];
    }

    ColumnValue.SpecialNumber specialNumeric(int symbol) {
        return specialNumericBySymbol[symbol];
    }

    ColumnValue.TemporalInfinity temporalInfinity(int symbol) {
        return temporalInfinityBySymbol[symbol];
    }

    private static void expectFields(Schema record, String... names) {
        List<String> actual = record.getFields().stream().map(Schema.Field::name).toList();
        if (!actual.equals(List.of(names))) {
            throw new IllegalStateException("ChangeEvent.avsc: " + record.getName() + " has fields " + actual + ", metasync writes and reads "
                    + List.of(names) + ": change ChangeEventWriter and ChangeEventReader with the schema");
        }
    }

    private static Map<String, Integer> branches(Schema union) {
        Map<String, Integer> byName = new HashMap<>();
        List<Schema> types = union.getTypes();
        for (int i = 0; i < types.size(); i++) {
            Schema type = types.get(i);
            boolean named = type.getType() == Schema.Type.RECORD || type.getType() == Schema.Type.ENUM;
            byName.put(named ? type.getName() : type.getType().getName(), i);
        }
        return byName;
    }

    private Schema branch(Schema values, Kind kind) {
        return values.getTypes().get(valueBranch[kind.ordinal()]);
    }

    private static int[] byKind(Map<String, Integer> branches) {
        int[] branch = new int[Kind.values().length];
        for (Kind kind : Kind.values()) {
            Integer index = branches.get(kind.schemaName);
            if (index == null) {
                throw new IllegalStateException("ChangeEvent.avsc: no " + kind.schemaName + " in the value union " + branches.keySet()
                        + ": change ChangeEventWriter and ChangeEventReader with the schema");
            }
            branch[kind.ordinal()] = index;
        }
        return branch;
    }

    /** A union branch no kind has (a schema with more kinds than this code knows) stays null: undecodable. */
    private static Kind[] byBranch(int[] branchByKind, int branches) {
        Kind[] kinds = new Kind[branches];
        for (Kind kind : Kind.values()) {
            kinds[branchByKind[kind.ordinal()]] = kind;
        }
        return kinds;
    }

    private static int[] ordinals(Schema enumeration, Enum<?>[] model) {
        int[] ordinals = new int[model.length];
        for (Enum<?> constant : model) {
            if (!enumeration.hasEnumSymbol(constant.name())) {
                throw new IllegalStateException("ChangeEvent.avsc: enum " + enumeration.getName() + " has no symbol " + constant.name());
            }
            ordinals[constant.ordinal()] = enumeration.getEnumOrdinal(constant.name());
        }
        return ordinals;
    }

    private static <E extends Enum<E>> E[] bySymbol(Schema enumeration, E[] model, E[] bySymbol) {
        for (E constant : model) {
            bySymbol[enumeration.getEnumOrdinal(constant.name())] = constant;
        }
        return bySymbol;
    }
}
