package com.tradeul.metasync.devtools.bench;

import com.tradeul.metasync.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures metasync against baselines run in the same invocation, on services",
            "of its own (PostgreSQL, Redis, embedded Kafka) in a temporary directory, with",
            "a generated ticker_metadata table of each size:",
            "  snapshot    empty Redis -> all rows    vs psql RESP | redis-cli --pipe",
            "  rebuild     FLUSHALL -> all rows back  vs redis-cli --pipe < file",
            "  latency     commit -> Redis at rates   vs one SET round trip",
            "  throughput  top rate, bounded lag      vs the unthrottled UPDATE rate",
            "  verify      verify --all               vs psql RESP GET | redis-cli --pipe",
            "--redis cluster: rebuild and throughput run against a local Redis Cluster",
            "the bench starts (3 masters, --cluster-replicas replicas each), as rows",
            "<scenario>@cluster; --redis both: beside the single-Redis rows, with rows",
            "<scenario> cluster/single giving the ratio cluster / single of the same run.",
            "Prints a Markdown table and writes it with the JSON results under --out.",
            "Needs postgresql and redis-server (./dev install). Figures depend on the",
            "machine: compare ratios, and run on a quiet machine."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", split = ",", paramLabel = "N", defaultValue = "100000,1000000",
            description = "Table sizes, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> rows = new ArrayList<>();

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "3",
            description = "Runs of each scenario per size; the median is reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "Scenarios to run, comma-separated: snapshot,rebuild,latency,throughput,verify (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "Seconds each latency rate is offered; throughput steps last a quarter of it, at least 2 s (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--rates", split = ",", paramLabel = "PER_SECOND", defaultValue = "1000,5000",
            description = "Fixed change rates of the latency scenario (default ${DEFAULT-VALUE}).")
    List<Integer> rates = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/results",
            description = "Where the JSON and Markdown results go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A metasync setting for every pipeline the bench starts (repeatable), e.g. --set debezium.max.batch.size=8192.")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Option(names = "--redis", paramLabel = "TARGET", defaultValue = "single",
            description = "single, cluster or both: where metasync writes (default ${DEFAULT-VALUE}). A cluster runs rebuild and throughput only.")
    String redis;

    @Option(names = "--cluster-replicas", paramLabel = "N", defaultValue = "1",
            description = "Replicas of each of the cluster's 3 masters (default ${DEFAULT-VALUE}).")
    int clusterReplicas;

    @Override
    public Integer call() throws Exception {
        BenchOptions options;
        try {
            options = new BenchOptions(rows, repetitions, Scenario.parse(scenarios), out, Duration.ofSeconds(durationSeconds), rates, settings,
                    RedisTarget.parse(redis), clusterReplicas);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter output = spec.commandLine().getOut();
        BenchRunner.Written written = new BenchRunner(options, spec.commandLine().getErr()).run();
        output.println();
        output.print(MarkdownTable.render(written.report()));
        output.printf("%nresults: %s and %s%n", written.json(), written.markdown());
        output.flush();
        return ExitCodes.OK;
    }
}
