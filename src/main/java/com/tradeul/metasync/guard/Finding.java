package com.tradeul.metasync.guard;

/**
 * One thing about Redis that loses or risks data, with what to do about it.
 *
 * @param setting the Redis setting or INFO field concerned
 * @param safeValue the value enforce mode sets with CONFIG SET, or null when it cannot fix it
 */
public record Finding(Severity severity, String setting, String problem, String remedy, String safeValue) {

    public enum Severity { OK, WARNING, ERROR }
}
