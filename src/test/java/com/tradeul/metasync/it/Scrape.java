package com.tradeul.metasync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One scrape of metasync's /metrics, parsed by the Prometheus Python client's own parser
 * (src/test/python/parse_metrics.py): a format error fails the test.
 */
final class Scrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String text;
    final Map<String, String> familyTypes = new HashMap<>();
    final Set<String> sampleNames = new HashSet<>();
    private final JsonNode samples;

    private Scrape(String text, JsonNode parsed) {
        this.text = text;
        parsed.path("families").fields().forEachRemaining(e -> familyTypes.put(e.getKey(), e.getValue().asText()));
        this.samples = parsed.path("samples");
        samples.forEach(s -> sampleNames.add(s.get(0).asText()));
    }

    static Scrape of(InetSocketAddress address) throws Exception {
        HttpResponse<String> response = get(address, "/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4")) {
            throw new AssertionError("not Prometheus text format: " + response.headers().firstValue("Content-Type"));
        }
        return new Scrape(response.body(), parse(response.body()));
    }

    static HttpResponse<String> get(InetSocketAddress address, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode parse(String text) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "src/test/python/parse_metrics.py").start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser rejected /metrics: " + err);
        }
        return new ObjectMapper().readTree(out);
    }

    /** The value of the sample with this name whose labels include {@code labels}; NaN when there is none. */
    double value(String name, Map<String, String> labels) {
        for (JsonNode s : samples) {
            if (!s.get(0).asText().equals(name)) {
                continue;
            }
            boolean matches = labels.entrySet().stream().allMatch(l -> l.getValue().equals(s.get(1).path(l.getKey()).asText(null)));
            if (matches) {
                return s.get(2).isNull() ? Double.NaN : s.get(2).asDouble();
            }
        }
        return Double.NaN;
    }

    double value(String name) {
        return value(name, Map.of());
    }
}
