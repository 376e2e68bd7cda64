package com.tradeul.metasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressBarTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "250000 | 1000000 | 5.0 | verify [#######.......................] 25% 250,000/1,000,000 rows 50,000 rows/s ETA 15s",
        "1000000 | 1000000 | 20.0 | verify [##############################] 100% 1,000,000/1,000,000 rows 50,000 rows/s",
        "1200 | 0 | 2.0 | verify 1,200 rows 600 rows/s"})
    void line_shows_rate_and_eta(long done, long total, double seconds, String expected) {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), false, "rows");
        assertThat(bar.line("verify", done, total, seconds)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"10, 100"})
    void draws_nothing_when_disabled(long done, long total) {
        StringWriter out = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(out, true), false, "rows");
        bar.update("verify", done, total);
        bar.finish();
        assertThat(out.toString()).isEmpty();
    }
}
