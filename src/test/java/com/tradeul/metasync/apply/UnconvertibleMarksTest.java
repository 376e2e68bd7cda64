package com.tradeul.metasync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnconvertibleMarksTest {

    @Test
    void a_mark_reads_back_as_written_and_describes_where_the_row_is() {
        byte[] mark = UnconvertibleMarks.mark("public.quotes", "price", "value 'NAN' is \"ambiguous\"", 42, true);

        UnconvertibleMarks.Mark read = UnconvertibleMarks.parse("quotes:1", new String(mark, StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(new UnconvertibleMarks.Mark("quotes:1", "public.quotes", "price", "value 'NAN' is \"ambiguous\"", 42));
        assertThat(read.describe()).isEqualTo("public.quotes key quotes:1 (column price: value 'NAN' is \"ambiguous\")");
        assertThat(new String(mark, StandardCharsets.UTF_8)).contains("\"policy\":\"delete\"");
    }

    @Test
    void a_field_metasync_did_not_write_still_names_its_key() {
        assertThat(UnconvertibleMarks.parse("k", "not json").describe()).isEqualTo("? key k (column ?: unreadable mark: not json)");
    }
}
