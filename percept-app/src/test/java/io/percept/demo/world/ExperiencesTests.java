package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Channel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The logistics failure story shows in the experiences, and only where and when it happens. */
class ExperiencesTests {

    @Test
    void theFailingRegionHasFarMoreBadDeliveriesInItsWeeksOnly() {
        int days = 365;
        LocalDate start = LocalDate.of(2025, 11, 27);
        Stories stories = Stories.defaults(start, days);
        Stories.LogisticsFailure failure = stories.logistics();
        SplittableRandom random = new SplittableRandom(17);
        int[] inside = new int[2];
        int[] sameRegionOtherTimes = new int[2];
        int[] otherRegions = new int[2];
        for (CustomerTraits customer : Population.of(13, 60_000, days)) {
            for (Purchases.Purchase purchase : Purchases.of(customer, 13, start, days, stories)) {
                if (purchase.channel() == Channel.STORE) {
                    continue;
                }
                Map<Reviews.Aspect, Integer> experience = Experiences.of(customer, purchase, stories, random);
                int late = experience.getOrDefault(Reviews.Aspect.LOGISTICS, 0) < 0 ? 1 : 0;
                int[] bucket = failure.covers(customer.region(), purchase.day()) ? inside
                        : customer.region() == failure.region() ? sameRegionOtherTimes : otherRegions;
                bucket[0] += late;
                bucket[1]++;
                assertThat(experience).isNotEmpty();
            }
        }
        double rateInside = inside[0] / (double) inside[1];
        double rateBefore = sameRegionOtherTimes[0] / (double) sameRegionOtherTimes[1];
        double rateElsewhere = otherRegions[0] / (double) otherRegions[1];

        assertThat(inside[1]).as("orders in the failure's weeks and region").isGreaterThan(100);
        assertThat(rateInside).isGreaterThan(4 * rateBefore).isGreaterThan(4 * rateElsewhere);
        assertThat(rateBefore).isBetween(0.02, 0.08);
        assertThat(rateElsewhere).isBetween(0.02, 0.08);
    }

    @Test
    void storePurchasesAreNeverLateOrBadlyPacked() {
        CustomerTraits customer = Population.customer(1, 1, 30);
        Purchases.Purchase inStore = new Purchases.Purchase(3, 15, Channel.STORE, Catalogue.products().get(0), 1, 1999);
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 2_000; i++) {
            assertThat(Experiences.of(customer, inStore, Stories.defaults(LocalDate.of(2026, 1, 1), 30), random))
                    .doesNotContainKeys(Reviews.Aspect.LOGISTICS, Reviews.Aspect.PACKAGING);
        }
        assertThat(List.of(Reviews.Aspect.values())).hasSize(8);
    }
}
