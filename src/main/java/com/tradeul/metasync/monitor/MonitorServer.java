package com.tradeul.metasync.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint: {@code /metrics} in Prometheus text format and {@code /health} as JSON
 * (HTTP 200 for UP and DEGRADED, 503 for DOWN, so a container health check can use it as is).
 * The JDK's own server: two read-only pages need no web framework.
 */
final class MonitorServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private MonitorServer(HttpServer server) {
        this.server = server;
    }

    static MonitorServer start(String bind, int port, Supplier<String> metrics, Supplier<HealthReport> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " for /metrics and /health: " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metasync-monitor-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", exchange -> answer(exchange, () -> {
            respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
        }));
        server.createContext("/health", exchange -> answer(exchange, () -> {
            HealthReport report = health.get();
            respond(exchange, report.status() == HealthReport.Status.DOWN ? 503 : 200, "application/json", toJson(report));
        }));
        server.createContext("/", exchange -> respond(exchange, exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                "text/plain; charset=utf-8", "metasync: /metrics (Prometheus text format), /health (JSON: UP, DEGRADED or DOWN)\n"));
        server.start();
        return new MonitorServer(server);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    static String toJson(HealthReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", report.status().name());
        ArrayNode reasons = root.putArray("reasons");
        for (HealthReport.Reason r : report.reasons()) {
            reasons.addObject().put("severity", r.severity().name()).put("check", r.check()).put("message", r.message());
        }
        if (!report.nodes().isEmpty()) {
            ArrayNode nodes = root.putArray("nodes");
            for (HealthReport.NodeHealth n : report.nodes()) {
                nodes.addObject().put("address", n.address()).put("role", n.role()).put("reachable", n.reachable()).put("guard", n.guard());
            }
        }
        return root.toString();
    }

    private interface Page {
        void serve() throws IOException;
    }

    /** A page that fails answers 500 with the reason; without this the JDK server just drops the connection. */
    private static void answer(HttpExchange exchange, Page page) throws IOException {
        try {
            page.serve();
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=utf-8", "metasync could not build this page: " + e + "\n");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
