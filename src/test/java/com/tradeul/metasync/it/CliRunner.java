package com.tradeul.metasync.it;

import com.tradeul.metasync.cli.Main;
import com.tradeul.metasync.config.MetasyncConfig;
import com.tradeul.metasync.devtools.DevMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs a metasync command in-process, as a user would type it, capturing its output and exit code. */
final class CliRunner {

    record Outcome(int exitCode, String out, String err) {}

    private CliRunner() {}

    static Outcome run(Map<String, String> environment, List<String> args) {
        return run(Main.commandLine(environment), args);
    }

    /** The dev tooling's command line (metasync's plus demo and bench), as {@code ./dev} runs it. */
    static Outcome runDevtools(Map<String, String> environment, List<String> args) {
        return run(DevMain.commandLine(environment), args);
    }

    private static Outcome run(CommandLine cli, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    /** {@code metasync <command> --set k=v ...} with every setting of {@code config}, then {@code extra}. */
    static Outcome run(String command, MetasyncConfig config, String... extra) {
        return run(Map.of(), command, config, extra);
    }

    /**
     * The same with {@code METASYNC_*} variables, e.g. a secret's {@code _FILE}; only the settings
     * {@code config} was given are passed (a default passed as --set would clash with a secret's file).
     */
    static Outcome run(Map<String, String> environment, String command, MetasyncConfig config, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(givenSettings(config));
        args.addAll(List.of(extra));
        return run(environment, args);
    }

    /** {@code --set k=v} for each setting {@code config} was given. */
    static List<String> givenSettings(MetasyncConfig config) {
        List<String> args = new ArrayList<>();
        config.raw().forEach((k, v) -> {
            if (config.origins().containsKey(k)) {
                args.addAll(List.of("--set", k + "=" + v));
            }
        });
        return args;
    }
}
