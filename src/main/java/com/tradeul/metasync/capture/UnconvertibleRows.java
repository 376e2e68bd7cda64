package com.tradeul.metasync.capture;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The dead letter of a row capture could not carry: keyed by the row's key, the value's text as
 * the record value, and headers naming the table, the column, the LSN and the reason, so an
 * operator can find the row in PostgreSQL and see what went wrong. Pure.
 */
final class UnconvertibleRows {

    static final String TABLE = "metasync.source.table";
    static final String KEY = "metasync.source.key";
    static final String COLUMN = "metasync.source.column";
    static final String LSN = "metasync.source.lsn";
    static final String REASON = "metasync.reason";

    private UnconvertibleRows() {}

    static ProducerRecord<byte[], byte[]> deadLetter(String topic, ChangeRecordMapper.UnconvertibleRow row) {
        String text = row.why().text();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, row.key(),
                text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        record.headers().add(TABLE, utf8(row.table()))
                .add(KEY, row.key())
                .add(COLUMN, utf8(row.why().column()))
                .add(LSN, utf8(Long.toString(row.lsn())))
                .add(REASON, utf8("column '" + row.why().column() + "' cannot be carried exactly: " + row.why().reason()));
        return record;
    }

    /** One log line: where the row is and why, never the value (it may be large or sensitive). */
    static String describe(ChangeRecordMapper.UnconvertibleRow row) {
        return row.table() + " " + new String(row.key(), StandardCharsets.UTF_8) + " at LSN " + row.lsn() + ": column '"
                + row.why().column() + "' cannot be carried exactly (" + row.why().reason() + ")";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
