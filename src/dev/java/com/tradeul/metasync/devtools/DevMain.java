package com.tradeul.metasync.devtools;

import com.tradeul.metasync.cli.Main;
import com.tradeul.metasync.devtools.bench.BenchCommand;
import com.tradeul.metasync.devtools.demo.DemoCommand;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the dev tooling ({@code target/metasync-devtools.jar}, run by {@code ./dev demo}
 * and {@code ./dev bench}): metasync's own command line with the {@code demo} and {@code bench}
 * commands added. The service jar does not hold them, nor the local PostgreSQL and Redis they start.
 */
public final class DevMain {

    private DevMain() {}

    public static void main(String[] args) {
        Main.limitAvroAllocations();
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** metasync's command line plus the dev commands; tests run it in-process with their own environment. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.addSubcommand(new BenchCommand());
        commandLine.addSubcommand(new DemoCommand());
        Main.listExitCodes(commandLine);
        return commandLine;
    }
}
