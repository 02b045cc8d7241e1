package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.percept.eventlog.Channel;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Visits around the purchases: carts, abandoned carts, anonymous until the first online order. */
class SessionsTests {

    private static final LocalDate START = LocalDate.of(2025, 11, 27);
    private static final int DAYS = 365;
    private static final List<CustomerTraits> CUSTOMERS = Population.of(9, 10_000, DAYS);

    @Test
    void everyOnlinePurchaseEndsAVisitAndVisitsAreAnonymousUntilTheFirstOnlineOrder() {
        int abandoned = 0;
        int browsingWithProduct = 0;
        for (CustomerTraits customer : CUSTOMERS) {
            List<Purchases.Purchase> purchases = Purchases.of(customer, 9, START, DAYS, Stories.none());
            List<Sessions.Session> sessions = Sessions.of(customer, purchases, 9, START, DAYS, Stories.none());

            assertThat(Sessions.of(customer, purchases, 9, START, DAYS, Stories.none())).isEqualTo(sessions);
            long online = purchases.stream().filter(p -> p.channel() == Channel.WEB || p.channel() == Channel.APP).count();
            assertThat(sessions.stream().filter(s -> s.purchase() != null).count()).isEqualTo(online);
            boolean ordered = false;
            for (Sessions.Session session : sessions) {
                assertThat(session.loggedIn()).isEqualTo(ordered);
                assertThat(session.channel()).isIn(Channel.WEB, Channel.APP);
                assertThat(session.device()).isBetween(0, customer.devices() - 1);
                List<Sessions.Step> steps = session.actions().stream().map(Sessions.Action::step).toList();
                if (session.purchase() != null) {
                    assertThat(steps).endsWith(Sessions.Step.CHECKOUT_STARTED, Sessions.Step.ORDER_COMPLETED);
                    ordered = true;
                } else if (steps.contains(Sessions.Step.PRODUCT_VIEWED)) {
                    browsingWithProduct++;
                    abandoned += steps.contains(Sessions.Step.CART_ADDED) ? 1 : 0;
                }
                assertThat(session.actions()).isSortedAccordingTo(java.util.Comparator.comparingInt(Sessions.Action::second));
            }
        }
        assertThat(abandoned / (double) browsingWithProduct).as("share of browsing visits leaving a cart").isCloseTo(0.3, within(0.03));
    }

    @Test
    void poissonCountsHaveTheirMean() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (double mean : new double[] {0.3, 4, 50}) {
            double sum = 0;
            for (int i = 0; i < 100_000; i++) {
                sum += Sessions.poisson(random, mean);
            }
            assertThat(sum / 100_000).as("mean %s", mean).isCloseTo(mean, within(0.03 * mean));
        }
    }
}
