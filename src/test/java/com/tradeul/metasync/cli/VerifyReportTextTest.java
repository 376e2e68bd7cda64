package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import com.tradeul.metasync.verify.Difference;
import com.tradeul.metasync.verify.TableReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyReportTextTest {

    private static final TableId TABLE = new TableId("public", "ticker_metadata");

    private static TableReport report(long wrong, long settled, List<Difference> shown) {
        return new TableReport(TABLE, false, 500, 500, 500 - wrong, 0, 0, wrong, settled, shown, List.of(), true);
    }

    @Test
    void a_clean_report_without_changes_in_flight_is_one_line() {
        assertThat(VerifyReportText.describe(report(0, 0, List.of())).lines().toList()).containsExactly(
                "public.ticker_metadata: 500 rows, 500 keys: 500 in sync, 0 missing, 0 extra, 0 wrong -> IN SYNC");
    }

    @Test
    void differences_that_settled_while_re_checking_are_counted_under_the_summary() {
        Difference wrong = new Difference(Difference.Kind.WRONG, "ticker:T00030", "price", "30.10", "30.11");
        assertThat(VerifyReportText.describe(report(1, 25, List.of(wrong))).lines().toList()).containsExactly(
                "public.ticker_metadata: 500 rows, 500 keys: 499 in sync, 0 missing, 0 extra, 1 wrong -> DIFFERENT",
                "  25 difference(s) settled while re-checking (changes in flight, not drift)",
                "  WRONG   ticker:T00030 column price: PostgreSQL 30.10 | Redis 30.11");
    }

    @Test
    void json_has_the_settled_count_next_to_the_others() {
        assertThat(VerifyReportText.asMap(report(0, 25, List.of()))).containsEntry("settled", 25L).containsEntry("inSync", 500L)
                .containsEntry("clean", true);
        assertThat(VerifyReportText.asMap(report(0, 0, List.of()))).containsEntry("settled", 0L);
    }

    @Test
    void rows_capture_could_not_carry_are_listed_with_their_reason() {
        TableReport report = new TableReport(TABLE, false, 500, 499, 499, 1, 0, 0, 0,
                List.of(new Difference(Difference.Kind.MISSING, "ticker:T00001", null, null, null)), List.of(), true)
                .withUnconvertible(List.of("public.ticker_metadata key ticker:T00001 (column price: ambiguous)"));

        assertThat(VerifyReportText.describe(report).lines().toList()).containsSequence(
                "  1 row(s) could not be carried exactly and went to the dead-letter topic (fix the value in PostgreSQL; its next change flows again):",
                "    public.ticker_metadata key ticker:T00001 (column price: ambiguous)");
        assertThat(VerifyReportText.asMap(report)).containsEntry("unconvertible",
                List.of("public.ticker_metadata key ticker:T00001 (column price: ambiguous)"));
    }
}
