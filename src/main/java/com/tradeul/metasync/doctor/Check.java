package com.tradeul.metasync.doctor;

/**
 * One item {@code metasync doctor} checked.
 *
 * @param area PostgreSQL, Kafka or Redis
 * @param item what was checked, e.g. "wal_level" or "primary key of public.ticker_metadata"
 * @param detail what was found
 * @param fix the exact command or setting that fixes it; empty for PASS
 */
public record Check(String area, String item, Verdict verdict, String detail, String fix) {

    public enum Verdict { PASS, WARN, FAIL }

    public static Check pass(String area, String item, String detail) {
        return new Check(area, item, Verdict.PASS, detail, "");
    }

    public static Check warn(String area, String item, String detail, String fix) {
        return new Check(area, item, Verdict.WARN, detail, fix);
    }

    public static Check fail(String area, String item, String detail, String fix) {
        return new Check(area, item, Verdict.FAIL, detail, fix);
    }
}
