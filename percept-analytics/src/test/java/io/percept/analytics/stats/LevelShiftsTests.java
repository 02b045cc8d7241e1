package io.percept.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.stats.LevelShifts.Shift;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LevelShiftsTests {

    /** A level with a fixed wiggle of ±0.4 so that variances are not 0. */
    private static double[] steps(int n, int at, double before, double after) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i < at ? before : after) + (i % 3 == 0 ? 0.4 : i % 3 == 1 ? -0.4 : 0);
        }
        return values;
    }

    @Test
    void aStepIsFoundWhereItIs() {
        Optional<Shift> shift = LevelShifts.find(steps(40, 25, 10, 6), LevelShifts.Options.defaults());
        assertThat(shift).isPresent();
        assertThat(shift.get().at()).isEqualTo(25);
        assertThat(shift.get().before()).isCloseTo(10, within(0.05));
        assertThat(shift.get().after()).isCloseTo(6, within(0.05));
        assertThat(shift.get().change()).isCloseTo(-0.4, within(0.01));
        assertThat(shift.get().t()).isGreaterThan(5);
    }

    @Test
    void aRampIsNoStep() {
        double[] ramp = new double[40];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 10 + 0.25 * i + (i % 2 == 0 ? 0.3 : -0.3);
        }
        assertThat(LevelShifts.find(ramp, LevelShifts.Options.defaults())).isEmpty();
    }

    @Test
    void aBurstIsNoStep() {
        double[] values = steps(40, 40, 10, 10);
        for (int i = 30; i < 34; i++) {
            values[i] = 30;
        }
        assertThat(LevelShifts.find(values, LevelShifts.Options.defaults())).isEmpty();
    }

    @Test
    void smallChangesAndShortSidesAreNoShift() {
        // 10 -> 9.2 is 8 %, under 15 %
        assertThat(LevelShifts.find(steps(40, 20, 10, 9.2), LevelShifts.Options.defaults())).isEmpty();
        // a step 3 periods before the end leaves too short an after side
        assertThat(LevelShifts.find(steps(40, 37, 10, 5), LevelShifts.Options.defaults())).isEmpty();
    }

    @Test
    void surpriseIsTheTwoSidedNormalTail() {
        // P(|Z| > 5) = 5.733e-7
        Shift shift = new Shift(10, 1, 2, 1, 5);
        assertThat(shift.surprise()).isCloseTo(-Math.log10(5.733e-7), within(0.01));
    }
}
