package com.tradeul.metasync.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: only groups the subcommands and holds what they share. */
@Command(name = "metasync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Keeps Redis a faithful, durable copy of PostgreSQL tables:",
            "PostgreSQL --(Debezium, pgoutput)--> Kafka (compacted topics) --> Redis (JSON per row).",
            "",
            "Settings come from a properties file, METASYNC_* environment variables and --set.",
            "To see it work on sample data, run './dev demo' from the source tree."},
        subcommands = {RunCommand.class, VerifyCommand.class, ReplayCommand.class, GuardCommand.class, LagCommand.class,
            DoctorCommand.class, ConfigCommand.class, picocli.AutoComplete.GenerateCompletion.class})
public final class MetasyncCommand implements Runnable {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    public MetasyncCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
