package com.tradeul.metasync.normalize;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Writes a json / jsonb column's document into the row's JSON, as itself rather than as a string. Stateless. */
final class EmbeddedJson {

    private EmbeddedJson() {}

    /**
     * Copies a json/jsonb document token by token: numbers keep their literal text ({@code 1e2},
     * {@code -0.00}), members their order and duplicates (json keeps both {@code "a"} of
     * {@code {"a":1,"a":2}}); only insignificant whitespace goes.
     */
    static void copy(JsonParser source, JsonGenerator generator) throws IOException {
        try (JsonParser parser = source) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IllegalArgumentException("json value is empty");
            }
            int depth = 0;
            do {
                depth += copyToken(parser, generator, token);
            } while (depth > 0 && (token = parser.nextToken()) != null);
            if (depth > 0 || parser.nextToken() != null) {
                throw new IllegalArgumentException("json value is not one JSON document");
            }
        }
    }

    /** Writes one token as the parser read it (numbers by their literal); @return how it changes the nesting depth. */
    static int copyToken(JsonParser parser, JsonGenerator generator, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> generator.writeStartObject();
            case END_OBJECT -> generator.writeEndObject();
            case START_ARRAY -> generator.writeStartArray();
            case END_ARRAY -> generator.writeEndArray();
            case FIELD_NAME -> generator.writeFieldName(parser.currentName());
            case VALUE_STRING -> generator.writeString(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> generator.writeBoolean(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        }
        return token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
    }
}
