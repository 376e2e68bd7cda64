package com.tradeul.metasync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeul.metasync.config.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {

    private static final TableId TABLE = new TableId("public", "t");

    private static List<Difference> wrong(String key) {
        return List.of(new Difference(Difference.Kind.WRONG, key, "price", "1.00", "0.99"));
    }

    @Test
    void a_difference_a_re_check_finds_gone_counts_as_settled_and_in_sync() {
        Tally tally = new Tally(20);
        tally.rowCompared("t:A", Map.of("symbol", "A"), List.of());
        tally.rowCompared("t:B", Map.of("symbol", "B"), wrong("t:B"));
        tally.rowCompared("t:C", Map.of("symbol", "C"), wrong("t:C"));
        tally.extra("t:GHOST", Map.of("symbol", "GHOST"));

        tally.resolved("t:B");
        tally.resolved("t:GHOST"); // the row's delete reached Redis
        tally.resolved("t:B");     // already settled: not counted twice
        tally.resolved("t:A");     // never differed

        TableReport report = tally.report(TABLE, false);
        assertThat(report.settled()).isEqualTo(2);
        assertThat(report.inSync()).isEqualTo(2);
        assertThat(report.wrong()).isEqualTo(1);
        assertThat(report.extra()).isZero();
        assertThat(report.problems()).extracting(TableReport.KeyProblem::key).containsExactly("t:C");
    }

    @Test
    void a_difference_replaced_by_another_is_not_settled() {
        Tally tally = new Tally(20);
        tally.rowCompared("t:B", Map.of("symbol", "B"), wrong("t:B"));
        tally.replaced(new TableReport.KeyProblem(Difference.Kind.MISSING, "t:B", Map.of("symbol", "B")),
                List.of(new Difference(Difference.Kind.MISSING, "t:B", null, null, null)));

        TableReport report = tally.report(TABLE, false);
        assertThat(report.settled()).isZero();
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.wrong()).isZero();
    }
}
