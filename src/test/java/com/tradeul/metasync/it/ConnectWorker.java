package com.tradeul.metasync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeul.metasync.embedded.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A real Kafka Connect distributed worker (Kafka 4.3.0's {@code connect-runtime}) in a JVM of its
 * own, as {@code connect-distributed.sh} runs one: its classpath is Connect's runtime only (the
 * build writes it to {@code target/connect-worker.classpath}), its {@code plugin.path} the plugin
 * directory the build assembles ({@code target/metasync-connect-plugin}: Debezium's PostgreSQL
 * connector and metasync's converter). Its config, offset and status topics are made compacted with
 * replication 1 on the given broker before it starts, as an operator makes them. The REST API is on
 * a free loopback port, the same after {@link #kill()} and {@link #start()}.
 *
 * <p>It stops when its stdin closes ({@link ConnectWorkerMain}), so it also goes when the test JVM
 * dies. Not thread safe.
 */
final class ConnectWorker implements AutoCloseable {

    static final Path CLASSPATH_FILE = Path.of("target", "connect-worker.classpath");
    static final Path PLUGIN_PATH = Path.of("target", "metasync-connect-plugin");
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@link #status} of a connector whose one task runs. */
    static final String RUNNING = "RUNNING [RUNNING]";

    private final Path dir;
    private final String bootstrapServers;
    private final String group;
    private final int port = FreePorts.pick();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    ConnectWorker(Path dir, String bootstrapServers, String group) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    String url() {
        return "http://" + HOST + ":" + port;
    }

    /** Starts the worker (again, after {@link #kill()}) and returns once its REST API answers as a group member. */
    ConnectWorker start() throws Exception {
        if (process == null) {
            prepare();
        }
        process = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.out").toFile())).start();
        awaitMember();
        return this;
    }

    private void prepare() throws Exception {
        Files.createDirectories(dir.resolve("launcher/com/tradeul/metasync/it"));
        try (InputStream main = ConnectWorkerMain.class.getResourceAsStream("ConnectWorkerMain.class")) {
            Files.copy(main, dir.resolve("launcher/com/tradeul/metasync/it/ConnectWorkerMain.class"));
        }
        Files.writeString(dir.resolve("logback.xml"), LOGBACK.replace("FILE", dir.resolve("worker.log").toString()));
        try (OutputStream out = Files.newOutputStream(dir.resolve("worker.properties"))) {
            properties().store(out, "Kafka Connect distributed worker of " + getClass().getSimpleName());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            List<NewTopic> topics = List.of(internal("configs", 1), internal("offsets", 5), internal("status", 1));
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "connect-worker-stop"));
    }

    private NewTopic internal(String kind, int partitions) {
        return new NewTopic(group + "-" + kind, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(Map.of("bootstrap.servers", bootstrapServers, "group.id", group,
                "config.storage.topic", group + "-configs", "offset.storage.topic", group + "-offsets",
                "status.storage.topic", group + "-status", "config.storage.replication.factor", "1",
                "offset.storage.replication.factor", "1", "status.storage.replication.factor", "1",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter"));
        p.putAll(Map.of("listeners", "http://" + HOST + ":" + port, "rest.advertised.host.name", HOST,
                "rest.advertised.port", Integer.toString(port), "plugin.path", PLUGIN_PATH.toAbsolutePath().toString(),
                // the README's secrets: ${file:...} references resolved by the worker, never stored in the config topic
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                // Connect's default is 60 s; a killed worker then re-sends up to that much, which apply fences.
                "offset.flush.interval.ms", "1000"));
        return p;
    }

    private List<String> command() throws IOException {
        String classpath = dir.resolve("launcher") + java.io.File.pathSeparator + Files.readString(CLASSPATH_FILE).strip();
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", classpath,
                ConnectWorkerMain.class.getName(), dir.resolve("worker.properties").toString());
    }

    private void awaitMember() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Connect worker exited (" + process.exitValue() + "):\n" + logTail());
            }
            try {
                if (get("/connectors").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Connect worker did not answer within " + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    /**
     * {@code POST /connectors} with {@code body} ({@code {"name": ..., "config": {...}}}), as an operator
     * posts a connector; retried while the worker answers 409 (a rebalance in progress).
     */
    void createConnector(JsonNode body) throws Exception {
        HttpResponse<String> response = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            response = send("POST", "/connectors", JSON.writeValueAsString(body));
            if (response.statusCode() == 201) {
                return;
            }
            if (response.statusCode() != 409) {
                break;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("POST /connectors answered " + response.statusCode() + ": " + response.body());
    }

    /** {@code POST /connectors/<name>/tasks/<task>/restart}: Connect stops the task and starts it again. */
    void restartTask(String connector, int task) throws Exception {
        HttpResponse<String> response = send("POST", "/connectors/" + connector + "/tasks/" + task + "/restart", "");
        if (response.statusCode() != 204) {
            throw new IllegalStateException("task restart answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** {@code GET /connector-plugins}: the connector classes the worker found, with their versions. */
    String connectorPlugins() throws Exception {
        return get("/connector-plugins").body();
    }

    /** {@code GET /connectors/<name>/config}: the config as the worker stored it in its config topic. */
    String connectorConfig(String connector) throws Exception {
        return get("/connectors/" + connector + "/config").body();
    }

    void deleteConnector(String connector) throws Exception {
        send("DELETE", "/connectors/" + connector, "");
    }

    /**
     * The connector's and its tasks' states from {@code GET /connectors/<name>/status}, e.g.
     * {@code RUNNING [RUNNING]}; {@code UNKNOWN []} before the worker has written any.
     * @throws AssertionError when a task FAILED: its trace says why, waiting on would only time out
     */
    String status(String connector) throws Exception {
        HttpResponse<String> response = get("/connectors/" + connector + "/status");
        if (response.statusCode() != 200) {
            return "UNKNOWN []";
        }
        JsonNode status = JSON.readTree(response.body());
        StringBuilder tasks = new StringBuilder();
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new AssertionError("task " + task.path("id") + " of " + connector + " FAILED: " + task.path("trace").asText());
            }
            tasks.append(tasks.isEmpty() ? "" : ",").append(task.path("state").asText());
        }
        return status.path("connector").path("state").asText() + " [" + tasks + "]";
    }

    /** SIGKILL, as a crashed machine or the OOM killer ends a worker: nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What the worker logged that says why it failed: its errors, then its end. */
    String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String file : List.of("worker.log", "worker.out")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
                tail.append("--- ").append(file).append(", its errors then its end\n");
                lines.stream().filter(l -> l.contains("ERROR") || l.contains("Exception")).limit(20).forEach(l -> tail.append(l).append('\n'));
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> tail.append(l).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                tail.append("--- ").append(file).append(": ").append(e).append('\n');
            }
        }
        return tail.toString();
    }

    /** Lines of the worker's log that contain {@code secret}, with it replaced by {@code <secret>}: where it leaked. */
    List<String> logLinesWith(String secret) throws IOException {
        try (var lines = Files.lines(dir.resolve("worker.log"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(secret)).map(l -> l.replace(secret, "<secret>")).toList();
        }
    }

    /** Closes the worker's stdin (it then stops its tasks and leaves the group) and waits; kills it if it hangs. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static final String LOGBACK = "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
            + "<file>FILE</file><encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n</pattern></encoder></appender>"
            + "<logger name=\"org.reflections\" level=\"ERROR\"/>"
            + "<root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>";
}
