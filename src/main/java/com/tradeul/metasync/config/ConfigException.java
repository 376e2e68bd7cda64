package com.tradeul.metasync.config;

/**
 * A problem the user can fix: what is wrong and what to do. The CLI prints it as one line,
 * without a stack trace.
 */
public class ConfigException extends RuntimeException {
    private final String fix;

    public ConfigException(String problem, String fix) {
        this(problem, fix, null);
    }

    public ConfigException(String problem, String fix, Throwable cause) {
        super(problem, cause);
        this.fix = fix;
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
