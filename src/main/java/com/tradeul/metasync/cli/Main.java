package com.tradeul.metasync.cli;

import java.util.Map;
import picocli.CommandLine;

/** Entry point of the metasync command line. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        limitAvroAllocations();
        // pgjdbc sends the JVM's zone as the session TimeZone, which shapes the text capture carries
        // (timestamptz ranges, Debezium's infinity stand-ins): every metasync process runs at UTC.
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /**
     * Avro allocates a declared string/bytes length before reading it; cap it so a garbage record
     * is dead-lettered instead of exhausting the heap. Read once, when Avro first loads: set it first.
     */
    public static void limitAvroAllocations() {
        System.setProperty("org.apache.avro.limits.string.maxLength",
                System.getProperty("org.apache.avro.limits.string.maxLength", "67108864"));
        System.setProperty("org.apache.avro.limits.bytes.maxLength",
                System.getProperty("org.apache.avro.limits.bytes.maxLength", "67108864"));
    }

    /** The configured command line; tests run it in-process with their own environment. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new MetasyncCommand(environment));
        commandLine.setExecutionExceptionHandler(new ErrorHandler("1".equals(environment.get("METASYNC_DEBUG"))));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        listExitCodes(commandLine);
        return commandLine;
    }

    /** Ends the --help of {@code command} and its subcommands with the exit codes each may return (not the completion script's). */
    public static void listExitCodes(CommandLine command) {
        if (!(command.getCommand() instanceof picocli.AutoComplete.GenerateCompletion)) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCodes.help(command.getCommandName()));
        }
        command.getSubcommands().values().forEach(Main::listExitCodes);
    }
}
