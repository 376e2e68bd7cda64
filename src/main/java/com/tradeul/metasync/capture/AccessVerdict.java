package com.tradeul.metasync.capture;

import com.tradeul.metasync.config.ConfigException;

/**
 * What PostgreSQL lets {@code postgres.user} do for capture, judged by {@link CaptureAccessRules}.
 * Capture's start-up check stops on DENIED only; doctor prints ALLOWED as PASS, UNSURE as WARN
 * and DENIED as FAIL. Immutable.
 *
 * @param detail what was found (for DENIED, the problem)
 * @param fix the exact GRANT / ALTER / setting that fixes it; empty for ALLOWED
 */
public record AccessVerdict(Kind kind, String detail, String fix) {

    public enum Kind { ALLOWED, UNSURE, DENIED }

    static AccessVerdict allowed(String detail) {
        return new AccessVerdict(Kind.ALLOWED, detail, "");
    }

    /** Could not be tried; capture itself will tell at start. */
    static AccessVerdict unsure(String detail, String fix) {
        return new AccessVerdict(Kind.UNSURE, detail, fix);
    }

    static AccessVerdict denied(String problem, String fix) {
        return new AccessVerdict(Kind.DENIED, problem, fix);
    }

    /** @throws ConfigException ({@code UNFIT}) naming the fix, when DENIED */
    public void orThrow() {
        if (kind == Kind.DENIED) {
            throw ConfigException.unfit(detail, fix);
        }
    }
}
