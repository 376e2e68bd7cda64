package com.tradeul.metasync.devtools.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON form of a {@link BenchReport}: stable member order, a figure that could not be measured (NaN) written as the string "NaN". Thread safe. */
public final class BenchJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private BenchJson() {}

    public static String write(BenchReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the bench report as JSON: " + e.getMessage(), e);
        }
    }

    public static BenchReport read(String json) {
        try {
            return MAPPER.readValue(json, BenchReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a bench report: " + e.getMessage(), e);
        }
    }
}
