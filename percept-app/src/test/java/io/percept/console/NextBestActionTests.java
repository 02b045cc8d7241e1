package io.percept.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.console.NextBestAction.Action;
import io.percept.console.NextBestAction.Facts;
import org.junit.jupiter.api.Test;

/** Each branch of the ranking, in ranking order, and that an earlier branch wins over a later one. */
class NextBestActionTests {

    private static Facts facts(int openComplaints, int orders, double netRevenue, Long daysSinceLastOrder, Double churnRisk, Double clv,
            String target, Double propensity, String recommended) {
        return new Facts(openComplaints, orders, netRevenue, daysSinceLastOrder, churnRisk, clv, target, propensity, recommended);
    }

    @Test
    void anOpenComplaintWithHighChurnRiskCallsForAServiceRecoveryCallEvenWithAnOffer() {
        Action action = NextBestAction.decide(facts(2, 5, 8000, 10L, 0.72, 9000.0, "audio", 0.9, "QH Buds"), "en");
        assertThat(action.kind()).isEqualTo("service-recovery");
        assertThat(action.offer()).isNull();
        assertThat(action.reason()).contains("2 open complaint(s)", "72 %", "service recovery call first");
        assertThat(NextBestAction.decide(facts(2, 5, 8000, 10L, 0.72, 9000.0, "audio", 0.9, "QH Buds"), "zh").reason())
                .contains("2 条未结投诉", "72 %", "挽回电话");
    }

    @Test
    void anOpenComplaintWithLowOrUnknownRiskIsFollowedUp() {
        assertThat(NextBestAction.decide(facts(1, 1, 100, 3L, 0.2, 500.0, null, null, null), "en").kind()).isEqualTo("resolve-complaint");
        Action unknown = NextBestAction.decide(facts(1, 0, 0, null, null, null, null, null, null), "zh");
        assertThat(unknown.kind()).isEqualTo("resolve-complaint");
        assertThat(unknown.reason()).contains("1 条未结投诉", "未知");
    }

    @Test
    void aValuableLapsingBuyerGetsAWinBackOfferWithTheRecommendation() {
        Action action = NextBestAction.decide(facts(0, 6, 4200, 120L, 0.3, 1000.0, "audio", 0.8, "QH Buds"), "en");
        assertThat(action.kind()).isEqualTo("win-back");
        assertThat(action.offer()).isEqualTo("QH Buds");
        assertThat(action.reason()).contains("¥4,200", "no order for 120 days", "QH Buds");
        assertThat(NextBestAction.decide(facts(0, 2, 900, 5L, 0.65, 3500.0, null, null, null), "en").kind()).as("high risk, high CLV")
                .isEqualTo("win-back");
        assertThat(NextBestAction.decide(facts(0, 2, 900, 120L, 0.3, 1000.0, null, null, null), "en").kind()).as("lapsing but not valuable")
                .isEqualTo("thank-you");
    }

    @Test
    void aHighPropensityOffersTheRecommendedProductElseTheCategory() {
        Action product = NextBestAction.decide(facts(0, 1, 300, 10L, 0.1, 800.0, "audio", 0.55, "QH Buds"), "zh");
        assertThat(product.kind()).isEqualTo("offer");
        assertThat(product.offer()).isEqualTo("QH Buds");
        assertThat(product.reason()).contains("audio", "55 %", "QH Buds");
        assertThat(NextBestAction.decide(facts(0, 1, 300, 10L, 0.1, 800.0, "audio", 0.55, null), "en").offer()).isEqualTo("audio");
        assertThat(NextBestAction.decide(facts(0, 1, 300, 10L, 0.1, 800.0, "audio", 0.49, "QH Buds"), "en").kind()).as("below 50 %")
                .isEqualTo("thank-you");
    }

    @Test
    void aHighChurnRiskWithoutValueOrOfferGetsACheckIn() {
        Action action = NextBestAction.decide(facts(0, 1, 200, 20L, 0.61, 300.0, "audio", 0.2, null), "en");
        assertThat(action.kind()).isEqualTo("retention-check");
        assertThat(action.reason()).contains("61 %");
    }

    @Test
    void aBuyerWithNothingNotableIsThankedAndAStrangerNeedsNothing() {
        assertThat(NextBestAction.decide(facts(0, 3, 600, 10L, 0.1, 700.0, null, null, null), "en").reason()).startsWith("3 order(s)");
        Action none = NextBestAction.decide(facts(0, 0, 0, null, null, null, null, null, null), "en");
        assertThat(none.kind()).isEqualTo("none");
        assertThat(NextBestAction.decide(facts(0, 0, 0, null, null, null, null, null, null), "zh").reason()).contains("暂无需行动");
    }

    @Test
    void withoutMarketingConsentNeitherWinBackNorOfferIsProposed() {
        Facts lapsing = new Facts(0, 6, 4200, 120L, 0.3, 1000.0, "audio", 0.8, "QH Buds", false);
        assertThat(NextBestAction.decide(lapsing, "en").kind()).as("a buyer with orders gets thanks instead").isEqualTo("thank-you");
        Facts atRisk = new Facts(0, 6, 4200, 120L, 0.8, 1000.0, "audio", 0.8, "QH Buds", false);
        assertThat(NextBestAction.decide(atRisk, "en").kind()).as("a service call is still proposed").isEqualTo("retention-check");
        assertThat(NextBestAction.decide(new Facts(0, 6, 4200, 120L, 0.3, 1000.0, "audio", 0.8, "QH Buds", true), "en").kind())
                .isEqualTo("win-back");
    }
}
