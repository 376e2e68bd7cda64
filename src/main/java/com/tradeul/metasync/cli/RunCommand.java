package com.tradeul.metasync.cli;

import com.tradeul.metasync.Pipeline;
import com.tradeul.metasync.config.MetasyncConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the continuous sync until stopped (SIGTERM or Ctrl-C stop it cleanly: the consumer leaves",
            "its group, the capture engine flushes its offsets).",
            "",
            "capture: Debezium reads PostgreSQL's logical replication slot (after an initial snapshot) and",
            "         writes every committed change to a compacted Kafka topic per table.",
            "apply:   a Kafka consumer group writes each change to Redis, then commits its offsets.",
            "",
            "Without kafka.bootstrap-servers an embedded single-node Kafka broker runs in this process,",
            "with its data under data-dir. Examples:",
            "  metasync run --config metasync.properties",
            "  METASYNC_POSTGRES_PASSWORD=secret metasync run --set redis.uri=redis://cache:6379",
            "  metasync run --only apply     (a second apply process sharing the consumer group)"})
final class RunCommand extends SettingsCommand {

    @Option(names = "--only", paramLabel = "COMPONENT",
            description = "Run only capture or only apply (${COMPLETION-CANDIDATES}). Default: both.")
    Pipeline.Component only;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Print a progress line at most this often, when something changed (default ${DEFAULT-VALUE}; 0 = never).")
    int progressSeconds;

    @Override
    public Integer call() {
        MetasyncConfig config = loadConfig();
        Set<Pipeline.Component> components = only == null ? EnumSet.allOf(Pipeline.Component.class) : EnumSet.of(only);
        Pipeline pipeline = Pipeline.start(config, components, Clock.systemUTC());
        Thread onSignal = new Thread(pipeline::close, "metasync-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (ProgressReporter progress = ProgressReporter.start(out(), err(), pipeline,
                Duration.ofSeconds(progressSeconds))) {
            pipeline.firstStop().join();
            return ExitCodes.OK;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            pipeline.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
    }
}
