package com.tradeul.metasync.capture;

import static java.util.Map.entry;

import java.util.Map;

/**
 * The names of PostgreSQL's built-in types whose text metasync reads, by OID. A built-in type's
 * OID is fixed in PostgreSQL's catalog ({@code pg_type.dat}) and has not changed since these types
 * were added, so a converter can name the base type of a domain from the OID Debezium reports
 * for it ({@code RelationalColumn.nativeType()}) without asking PostgreSQL: on a Kafka Connect
 * cluster, where metasync's start-up checks do not run, a domain over numeric still reads as a
 * number. Read from PostgreSQL 15's {@code pg_type}. Pure; immutable and thread safe.
 */
final class BuiltInTypes {

    /** PostgreSQL's first OID for objects created after initdb ({@code FirstNormalObjectId}). */
    static final int FIRST_USER_OID = 16_384;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            entry(16, "bool"), entry(17, "bytea"), entry(18, "char"), entry(19, "name"), entry(20, "int8"),
            entry(21, "int2"), entry(23, "int4"), entry(25, "text"), entry(26, "oid"), entry(114, "json"),
            entry(142, "xml"), entry(143, "_xml"), entry(199, "_json"), entry(600, "point"), entry(650, "cidr"),
            entry(651, "_cidr"), entry(700, "float4"), entry(701, "float8"), entry(774, "macaddr8"),
            entry(775, "_macaddr8"), entry(790, "money"), entry(791, "_money"), entry(829, "macaddr"),
            entry(869, "inet"), entry(1000, "_bool"), entry(1001, "_bytea"), entry(1002, "_char"),
            entry(1003, "_name"), entry(1005, "_int2"), entry(1007, "_int4"), entry(1009, "_text"),
            entry(1014, "_bpchar"), entry(1015, "_varchar"), entry(1016, "_int8"), entry(1017, "_point"),
            entry(1021, "_float4"), entry(1022, "_float8"), entry(1028, "_oid"), entry(1040, "_macaddr"),
            entry(1041, "_inet"), entry(1042, "bpchar"), entry(1043, "varchar"), entry(1082, "date"),
            entry(1083, "time"), entry(1114, "timestamp"), entry(1115, "_timestamp"), entry(1182, "_date"),
            entry(1183, "_time"), entry(1184, "timestamptz"), entry(1185, "_timestamptz"), entry(1186, "interval"),
            entry(1187, "_interval"), entry(1231, "_numeric"), entry(1266, "timetz"), entry(1270, "_timetz"),
            entry(1560, "bit"), entry(1561, "_bit"), entry(1562, "varbit"), entry(1563, "_varbit"),
            entry(1700, "numeric"), entry(2950, "uuid"), entry(2951, "_uuid"), entry(3614, "tsvector"),
            entry(3643, "_tsvector"), entry(3802, "jsonb"), entry(3807, "_jsonb"), entry(3904, "int4range"),
            entry(3905, "_int4range"), entry(3906, "numrange"), entry(3907, "_numrange"), entry(3908, "tsrange"),
            entry(3909, "_tsrange"), entry(3910, "tstzrange"), entry(3911, "_tstzrange"), entry(3912, "daterange"),
            entry(3913, "_daterange"), entry(3926, "int8range"), entry(3927, "_int8range"),
            entry(4451, "int4multirange"), entry(4532, "nummultirange"), entry(4533, "tsmultirange"),
            entry(4534, "tstzmultirange"), entry(4535, "datemultirange"), entry(4536, "int8multirange"),
            entry(6150, "_int4multirange"), entry(6151, "_nummultirange"), entry(6152, "_tsmultirange"),
            entry(6153, "_tstzmultirange"), entry(6155, "_datemultirange"), entry(6157, "_int8multirange"));

    private BuiltInTypes() {}

    /** @return the type's name, or null when the OID is not one of these */
    static String name(int oid) {
        return NAMES.get(oid);
    }

    static Map<Integer, String> all() {
        return NAMES;
    }
}
