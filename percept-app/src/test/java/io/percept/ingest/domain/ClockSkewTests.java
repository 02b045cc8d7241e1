package io.percept.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockSkewTests {

    private static final Instant RECEIVED = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void shiftsTheEventByTheClientClockError() {
        // the phone's clock is 2 hours behind: it says it sent at 08:00:05 what happened at 08:00:00
        Instant original = Instant.parse("2026-11-27T08:00:00Z");
        Instant sentAt = Instant.parse("2026-11-27T08:00:05Z");

        assertThat(ClockSkew.correct(original, sentAt, RECEIVED)).isEqualTo(Instant.parse("2026-11-27T09:59:55Z"));
    }

    @Test
    void trustsAClientTimestampSentWithoutSentAt() {
        Instant historical = Instant.parse("2011-06-01T12:00:00Z");

        assertThat(ClockSkew.correct(historical, null, RECEIVED)).isEqualTo(historical);
    }

    @Test
    void usesTheReceiveTimeWhenTheClientGivesNone() {
        assertThat(ClockSkew.correct(null, Instant.parse("2026-11-27T08:00:00Z"), RECEIVED)).isEqualTo(RECEIVED);
    }
}
