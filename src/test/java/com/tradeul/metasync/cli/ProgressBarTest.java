package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressBarTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "250000 | 1000000 | 5.0 | verify [#######.......................] 25% 250,000/1,000,000 rows 50,000 rows/s ETA 15s",
        "1000000 | 1000000 | 20.0 | verify [##############################] 100% 1,000,000/1,000,000 rows 50,000 rows/s",
        "1200 | 0 | 2.0 | verify 1,200 rows 600 rows/s"})
    void line_shows_rate_and_eta(long done, long total, double seconds, String expected) {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), ProgressBar.Mode.OFF, "rows");
        assertThat(bar.line("verify", done, total, seconds)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"10, 100"})
    void draws_nothing_when_disabled(long done, long total) {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out, true), ProgressBar.Mode.OFF, "rows");
        bar.update("verify", done, total);
        bar.finish("verify", done, total);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void lines_mode_prints_the_final_figures_even_for_quick_work() {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out, true), ProgressBar.Mode.LINES, "records");
        bar.update("replay", 10, 100); // within the first interval: nothing yet
        bar.finish("replay", 100, 100);
        assertThat(out.toString()).startsWith("replay [##############################] 100% 100/100 records ")
                .endsWith(" records/s" + System.lineSeparator()).doesNotContain("\r");
    }
}
