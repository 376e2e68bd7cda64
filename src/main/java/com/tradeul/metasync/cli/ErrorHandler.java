package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.ConfigException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns what went wrong into one clear line on stderr and the exit code {@link ExitCodes#of} gives
 * it: a {@link ConfigException} (wherever it is in the cause chain) gives its problem and fix;
 * anything else its root message. Stack traces only with METASYNC_DEBUG=1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        ConfigException config = findConfigProblem(error);
        if (debug) {
            error.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().println("metasync: " + (config != null ? config.oneLine() : "failed: " + ConfigException.rootMessage(error)));
        return ExitCodes.of(error);
    }

    static ConfigException findConfigProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }
}
