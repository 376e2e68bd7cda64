package com.tradeul.metasync.verify;

/**
 * How verify reads a column whose type is a domain (and an array of a domain's elements). verify
 * must render each value exactly as capture writes it, and for domains capture's rule is about to
 * change (issue #15), so the rule is decided here, once, and {@link #CAPTURE} says which one
 * capture follows.
 */
enum DomainRendering {

    /**
     * PostgreSQL's text of the value, as a JSON string: a domain over numeric is
     * {@code "12345678.1234"}. What capture writes while it takes values from Debezium, which
     * names the domain but not its base type.
     */
    AS_TEXT,

    /**
     * As a value of the domain's base type: a domain over numeric is the number
     * {@code 12345678.1234}. What capture writes once it carries PostgreSQL's text of every column
     * and reads it with {@code PgText} by the base type.
     */
    AS_BASE_TYPE;

    /**
     * The rule capture follows today. Flip to {@link #AS_BASE_TYPE} in the same change that makes
     * capture read domains by their base type; TypeCorpusIT's domain column then expects a number.
     */
    static final DomainRendering CAPTURE = AS_TEXT;

    /**
     * The PgText type name for a domain's values.
     *
     * @param baseTypeName the PgText type name of the domain's base type, its own domains resolved
     */
    String typeName(String baseTypeName) {
        return this == AS_TEXT ? "text" : baseTypeName;
    }
}
