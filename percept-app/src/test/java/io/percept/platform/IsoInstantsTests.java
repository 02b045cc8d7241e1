package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTests {

    @Test
    void agreesWithTheJdkOnRandomInstantsOfEveryPrecision() {
        SplittableRandom random = new SplittableRandom(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000L;
                case 2 -> random.nextInt(1_000_000) * 1_000L;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
            String text = IsoInstants.format(instant);

            assertThat(text).isEqualTo(instant.toString());
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
        }
    }

    @Test
    void handlesLeapDaysAndMonthEnds() {
        for (String text : new String[] {"2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "2026-12-31T23:59:59.999Z",
                "1969-12-31T23:59:59.5Z", "2026-11-27T08:30:00.12345Z"}) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesOtherFormsAndInvalidDatesToTheJdk() {
        assertThat(IsoInstants.parse("2026-11-27T16:30:00+08:00")).isEqualTo(Instant.parse("2026-11-27T08:30:00Z"));
        for (String odd : new String[] {"2026-11-27T24:00:00Z", "2026-11-27T08:00:00.Z"}) {
            assertThat(IsoInstants.parse(odd)).as(odd).isEqualTo(Instant.parse(odd));
        }
        for (String invalid : new String[] {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-1x-27T08:00:00Z", "2026-11-27T08:00:00.1234567891Z"}) {
            assertThatThrownBy(() -> IsoInstants.parse(invalid)).as(invalid).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void readsOffsetsAsTheJdkDoes() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 50_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 7_258_118_400L), i % 2 == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 900);
            String text = instant.atOffset(offset).toString();
            if (text.length() < 25 || text.charAt(16) != ':' || text.length() > 19 && text.charAt(19) == ':') {
                continue;
            }
            assertThat(IsoInstants.parseOffsetDateTime(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(IsoInstants.parseOffsetDateTime("2026-11-27T16:30:00+08:00")).isEqualTo(Instant.parse("2026-11-27T08:30:00Z"));
        assertThat(IsoInstants.parseOffsetDateTime("2026-11-27T08:30:00.5-03:30")).isEqualTo(Instant.parse("2026-11-27T12:00:00.5Z"));
        for (String other : new String[] {"2026-11-27T08:30", "2026-11-27T08:30:00", "2026-11-27", "2026-11-27T08:30:00+0800",
                "2026-02-30T08:30:00Z", "2026-11-27T08:30:00+19:00", "2026-11-27 08:30:00Z"}) {
            assertThat(IsoInstants.parseOffsetDateTime(other)).as(other).isNull();
        }
    }
}
