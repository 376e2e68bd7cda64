package com.tradeul.metasync.config;

/**
 * A problem the user can fix: what is wrong, what to do, and {@link Kind where} the fix lies. The
 * CLI prints it as one line, without a stack trace, and exits with the code of its kind.
 */
public class ConfigException extends RuntimeException {

    /** Where the problem lies; each has its own exit code. */
    public enum Kind {
        /** A setting of metasync's is wrong or missing: a bad value, an unknown name, a file that cannot be used. */
        SETTING,
        /** PostgreSQL, Kafka or Redis could not be connected or logged in to (down, wrong address, timeout, TLS, credentials). */
        UNREACHABLE,
        /** Connected and logged in, but the service refuses or lacks what metasync needs (a setting, a privilege, a table). */
        UNFIT
    }

    private final Kind kind;
    private final String fix;

    /** A {@link Kind#SETTING} problem. */
    public ConfigException(String problem, String fix) {
        this(Kind.SETTING, problem, fix, null);
    }

    /** A {@link Kind#SETTING} problem. */
    public ConfigException(String problem, String fix, Throwable cause) {
        this(Kind.SETTING, problem, fix, cause);
    }

    public ConfigException(Kind kind, String problem, String fix, Throwable cause) {
        super(problem, cause);
        this.kind = kind;
        this.fix = fix;
    }

    /** The service could not be connected or logged in to. */
    public static ConfigException unreachable(String problem, String fix) {
        return new ConfigException(Kind.UNREACHABLE, problem, fix, null);
    }

    /** The service answered but refuses or lacks what metasync needs. */
    public static ConfigException unfit(String problem, String fix) {
        return new ConfigException(Kind.UNFIT, problem, fix, null);
    }

    public Kind kind() {
        return kind;
    }

    public String problem() {
        return getMessage();
    }

    public String fix() {
        return fix;
    }

    /** The innermost cause's message: what the user can act on, without wrapper noise. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** "problem. Fix: fix" on one line. */
    public String oneLine() {
        String problem = getMessage().endsWith(".") ? getMessage() : getMessage() + ".";
        return fix == null || fix.isBlank() ? problem : problem + " Fix: " + fix;
    }
}
