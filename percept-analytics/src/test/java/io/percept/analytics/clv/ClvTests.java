package io.percept.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** CLV from a BG/NBD model and a spend per purchase. */
class ClvTests {

    private final BgNbd.Model model = new BgNbd.Model(BgNbdTests.CDNOW, 0, 0, true, null);

    @Test
    void undiscountedValueIsSpendTimesExpectedPurchases() {
        assertThat(Clv.value(model, 40, 3, 20, 30, 52, 0)).isCloseTo(40 * model.expectedPurchases(52, 3, 20, 30), within(1e-12));
    }

    @Test
    void discountingLowersTheValueAndVanishesWithTheRate() {
        double plain = Clv.value(model, 40, 3, 20, 30, 52.5, 0);
        double discounted = Clv.value(model, 40, 3, 20, 30, 52.5, Clv.ratePerUnit(0.10, 7));
        assertThat(discounted).isLessThan(plain).isGreaterThan(0.9 * plain);
        assertThat(Clv.value(model, 40, 3, 20, 30, 52.5, 1e-12)).isCloseTo(plain, within(1e-6));
        assertThat(Clv.ratePerUnit(0.10, 365.25)).isCloseTo(0.10, within(1e-12));
    }

    @Test
    void monthlySlicesAgreeWithWeeklyStepsWithinAPercent() {
        double rate = Clv.ratePerUnit(0.10, 7);
        double weekly = Clv.value(model, 40, 3, 20, 30, 52, rate);
        double monthly = Clv.value(model, 40, 3, 20, 30, 52, rate, 12);
        assertThat(monthly).isCloseTo(weekly, within(0.01 * weekly)).isLessThan(Clv.value(model, 40, 3, 20, 30, 52, 0));
        assertThat(Clv.value(model, 40, 3, 20, 30, 52, rate, 52)).as("52 slices of 52 weeks are the weekly steps").isCloseTo(weekly, within(1e-9));
        assertThat(Clv.value(model, 40, 3, 20, 30, 52, 0, 12)).isCloseTo(Clv.value(model, 40, 3, 20, 30, 52, 0), within(1e-12));
    }
}
