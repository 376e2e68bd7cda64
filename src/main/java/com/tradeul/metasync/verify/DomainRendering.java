package com.tradeul.metasync.verify;

/**
 * How verify reads a column whose type is a domain (and an array of a domain's elements). verify
 * must render each value exactly as capture writes it, so the rule is decided here, once, and
 * {@link #CAPTURE} says which one capture follows.
 */
enum DomainRendering {

    /**
     * PostgreSQL's text of the value, as a JSON string: a domain over numeric is
     * {@code "12345678.1234"}. What capture wrote while it took values from Debezium, which names
     * the domain but not its base type; kept for reading such rows in tests.
     */
    AS_TEXT,

    /**
     * As a value of the domain's base type: a domain over numeric is the number
     * {@code 12345678.1234}. What capture writes: it carries PostgreSQL's text of every column and
     * reads a domain with {@code PgText} by its base type (resolved from pg_type at start).
     */
    AS_BASE_TYPE;

    /** The rule capture follows: TypeCorpusIT's domains group is verified IN SYNC under it. */
    static final DomainRendering CAPTURE = AS_BASE_TYPE;

    /**
     * The PgText type name for a domain's values.
     *
     * @param baseTypeName the PgText type name of the domain's base type, its own domains resolved
     */
    String typeName(String baseTypeName) {
        return this == AS_TEXT ? "text" : baseTypeName;
    }
}
