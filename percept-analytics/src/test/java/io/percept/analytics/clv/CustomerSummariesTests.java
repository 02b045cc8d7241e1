package io.percept.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Summaries of a few hand-made transaction histories. */
class CustomerSummariesTests {

    @Test
    void sameDayTransactionsAreOnePurchaseAndTheFirstPurchaseIsNotARepeat() {
        // customer 0: days 0 (two lines), 7, 14 in calibration, 21 and 22 in the holdout; customer 1: day 3 only;
        // customer 2: first buys on day 20, after the calibration end; customer 3 has no transactions
        int[] customer = {0, 1, 0, 0, 0, 0, 2, 0, 0};
        long[] day = {7, 3, 0, 0, 14, 21, 20, 22, 40};
        double[] amount = {20, 8, 10, 5, 30, 1, 9, 2, 100};
        CustomerSummaries summaries = CustomerSummaries.of(customer, day, amount, 4, new CustomerSummaries.Options(7, 14, 28));

        assertThat(summaries.customer()).containsExactly(0, 1);
        assertThat(summaries.laterCustomers()).isEqualTo(1);
        assertThat(summaries.frequency()).containsExactly(2, 0);
        assertThat(summaries.recency()).containsExactly(2, 0);
        assertThat(summaries.age()[0]).isCloseTo(2, within(1e-12));
        assertThat(summaries.age()[1]).isCloseTo(11 / 7.0, within(1e-12));
        assertThat(summaries.meanSpend()[0]).isCloseTo(25, within(1e-12));
        assertThat(summaries.meanSpend()[1]).isNaN();
        // day 40 is after the observation end
        assertThat(summaries.holdoutPurchases()).containsExactly(2, 0);
        assertThat(summaries.holdoutLength()).isCloseTo(2, within(1e-12));
    }

    @Test
    void withoutAmountsTheMeanSpendIsUnknown() {
        CustomerSummaries summaries = CustomerSummaries.of(new int[] {0, 0}, new long[] {1, 2}, null, 1, new CustomerSummaries.Options(1, 2, 2));
        assertThat(summaries.frequency()).containsExactly(1);
        assertThat(summaries.meanSpend()[0]).isNaN();
        assertThat(summaries.holdoutLength()).isZero();
    }
}
