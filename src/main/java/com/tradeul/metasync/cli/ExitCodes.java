package com.tradeul.metasync.cli;

/** Exit codes of every metasync command; listed in the README and in --help. */
public final class ExitCodes {
    /** Done, or stopped on request (SIGTERM, Ctrl-C). */
    public static final int OK = 0;
    /** A component failed while running (the message says which and why). */
    public static final int FAILED = 1;
    /** Wrong command-line usage. */
    public static final int USAGE = 2;
    /** A setting is wrong or a dependency (PostgreSQL, Kafka, Redis) is unreachable or unfit. */
    public static final int CONFIGURATION = 3;
    /** verify found keys that differ from their rows. */
    public static final int DIFFERENCES = 4;
    /** guard found an ERROR-severity finding, or a forced save failed. */
    public static final int GUARD_ERROR = 5;
    /** doctor found at least one FAIL. */
    public static final int CHECKS_FAILED = 6;

    public static final String HELP_TEXT = "%nExit codes:%n  0  done, or stopped on request%n  1  a component failed while running"
            + "%n  2  wrong usage%n  3  a wrong setting, or PostgreSQL/Kafka/Redis unreachable or unfit (the message names the fix)%n";

    private ExitCodes() {}
}
