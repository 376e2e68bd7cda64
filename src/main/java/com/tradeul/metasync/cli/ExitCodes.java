package com.tradeul.metasync.cli;

import com.tradeul.metasync.config.ConfigException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exit codes of every metasync command, and which one a failure earns; listed in the README and in
 * each command's --help. Pure.
 */
public final class ExitCodes {
    /** Done, or stopped on request (SIGTERM, Ctrl-C). */
    public static final int OK = 0;
    /** A component failed while running (the message says which and why). */
    public static final int FAILED = 1;
    /** Wrong command-line usage (picocli's convention). */
    public static final int USAGE = 2;
    /** A setting is wrong or missing: a bad value, an unknown name or variable, a file that cannot be used. */
    public static final int CONFIGURATION = 3;
    /** verify found keys that differ from their rows. */
    public static final int DIFFERENCES = 4;
    /** guard found an ERROR-severity finding, or a forced save failed. */
    public static final int GUARD_ERROR = 5;
    /** doctor found at least one FAIL. */
    public static final int CHECKS_FAILED = 6;
    /** PostgreSQL, Kafka or Redis could not be connected or logged in to in time. */
    public static final int UNREACHABLE = 7;
    /** PostgreSQL, Kafka or Redis answered, but refuses or lacks what metasync needs. */
    public static final int UNFIT = 8;

    private ExitCodes() {}

    /**
     * The exit code of a command that ended with {@code failure}: the kind of the first
     * {@link ConfigException} in its cause chain; else {@link #UNREACHABLE} when a connection
     * could not be made (refused, no route, unknown host, timed out), which is how a component
     * that gave up retrying ends; else {@link #FAILED}.
     */
    public static int of(Throwable failure) {
        boolean connectionFailed = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException problem) {
                return of(problem.kind());
            }
            connectionFailed |= t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException;
        }
        return connectionFailed ? UNREACHABLE : FAILED;
    }

    static int of(ConfigException.Kind kind) {
        return switch (kind) {
            case SETTING -> CONFIGURATION;
            case UNREACHABLE -> UNREACHABLE;
            case UNFIT -> UNFIT;
        };
    }

    /** The codes {@code command} may exit with and what each means, in --help's order; the root command lists them all. */
    static Map<String, String> help(String command) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "done, or stopped on request");
        codes.put(Integer.toString(FAILED), "a component failed while running");
        codes.put(Integer.toString(USAGE), "wrong usage");
        codes.put(Integer.toString(CONFIGURATION), "a setting is wrong or missing");
        boolean all = command.equals("metasync");
        if (all || command.equals("verify")) {
            codes.put(Integer.toString(DIFFERENCES), "verify found differences");
        }
        if (all || command.equals("guard")) {
            codes.put(Integer.toString(GUARD_ERROR), "guard found an ERROR (or the forced save failed)");
        }
        if (all || command.equals("doctor")) {
            codes.put(Integer.toString(CHECKS_FAILED), "doctor found at least one FAIL");
        }
        codes.put(Integer.toString(UNREACHABLE), "PostgreSQL, Kafka or Redis could not be reached or logged in to");
        codes.put(Integer.toString(UNFIT), "PostgreSQL, Kafka or Redis refuses or lacks what metasync needs");
        return codes;
    }
}
