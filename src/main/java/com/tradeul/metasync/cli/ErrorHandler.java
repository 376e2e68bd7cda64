package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.ConfigException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns what went wrong into one clear line on stderr and an exit code: a {@link ConfigException}
 * (wherever it is in the cause chain) gives its problem and fix; anything else its root message.
 * Stack traces only with METASYNC_DEBUG=1.
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
        if (config != null) {
            commandLine.getErr().println("metasync: " + config.oneLine());
            return ExitCodes.CONFIGURATION;
        }
        commandLine.getErr().println("metasync: failed: " + ConfigException.rootMessage(error));
        return ExitCodes.FAILED;
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
