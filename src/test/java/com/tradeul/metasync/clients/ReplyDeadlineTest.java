package com.tradeul.metasync.clients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyDeadlineTest {

    @ParameterizedTest(name = "waiting {0} since {1}, now {2}, deadline {3}: overdue {4}")
    @CsvSource({
            "false, 0, 999999, 10, false", // nothing sent since the last reply: an idle connection is never closed
            "true, 100, 105, 10, false",
            "true, 100, 110, 10, false", // exactly at the deadline: not yet
            "true, 100, 111, 10, true",
            "true, -50, -30, 10, true", // System.nanoTime() may be negative
            "true, 0, 11, 10, true",
    })
    void a_reply_is_overdue_only_when_something_was_sent_and_nothing_came_back_for_longer_than_the_deadline(
            boolean waiting, long waitingSince, long now, long deadline, boolean overdue) {
        assertThat(ReplyDeadline.overdue(waiting, waitingSince, now, deadline)).isEqualTo(overdue);
    }
}
