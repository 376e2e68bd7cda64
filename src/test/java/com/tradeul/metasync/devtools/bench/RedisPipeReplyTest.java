package com.tradeul.metasync.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisPipeReplyTest {

    @Test
    void reads_the_summary_redis_cli_prints_last() {
        String output = "All data transferred. Waiting for the last reply...\n"
                + "Last reply received from server.\nerrors: 2, replies: 2000\n";
        assertThat(RedisPipeReply.parse(output)).isEqualTo(new RedisPipeReply(2, 2000));
    }

    @Test
    void output_without_a_summary_is_an_error_that_quotes_it() {
        assertThatThrownBy(() -> RedisPipeReply.parse("Could not connect to Redis at 127.0.0.1:1: Connection refused"))
                .hasMessageContaining("Connection refused");
    }
}
