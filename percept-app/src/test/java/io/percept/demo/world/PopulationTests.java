package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The demo world's population: deterministic for a seed, and distributed as its model says. */
class PopulationTests {

    private static String describe(CustomerTraits customer) {
        return customer.toString().replaceAll("\\[D@[0-9a-f]+", Arrays.toString(customer.categoryAffinity()));
    }

    @Test
    void theSameSeedGivesTheSameCustomersWhateverThePopulationSize() {
        List<CustomerTraits> first = Population.of(7, 2_000, 90);
        List<CustomerTraits> again = Population.of(7, 2_000, 90);
        List<CustomerTraits> larger = Population.of(7, 3_000, 90);

        assertThat(again.stream().map(PopulationTests::describe).toList()).isEqualTo(first.stream().map(PopulationTests::describe).toList());
        assertThat(describe(larger.get(1_999))).isEqualTo(describe(first.get(1_999)));
        assertThat(describe(Population.of(8, 1, 90).get(0))).isNotEqualTo(describe(first.get(0)));
    }

    @Test
    void regionsAndCitiesFollowTheirShares() {
        List<CustomerTraits> customers = Population.of(11, 50_000, 90);
        Map<Region, Integer> counts = new EnumMap<>(Region.class);
        customers.forEach(customer -> counts.merge(customer.region(), 1, Integer::sum));

        for (Region region : Region.values()) {
            assertThat(counts.get(region) / 50_000.0).as(region.label()).isCloseTo(region.share(), within(0.012));
        }
        assertThat(customers).allSatisfy(customer -> assertThat(customer.region().cities().stream().map(Region.City::name))
                .contains(customer.city()));
        double regionTotal = Arrays.stream(Region.values()).mapToDouble(Region::share).sum();
        assertThat(regionTotal).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void purchasingHeterogeneityMatchesTheBgNbdParameters() {
        List<CustomerTraits> customers = Population.of(3, 50_000, 90);
        double meanRate = customers.stream().mapToDouble(CustomerTraits::purchaseRate).average().orElseThrow();
        double meanDropout = customers.stream().mapToDouble(CustomerTraits::dropout).average().orElseThrow();
        double meanPrice = customers.stream().mapToDouble(CustomerTraits::priceSensitivity).average().orElseThrow();

        assertThat(meanRate).isCloseTo(Population.R / Population.ALPHA, within(0.05 * Population.R / Population.ALPHA));
        assertThat(meanDropout).isCloseTo(Population.A / (Population.A + Population.B), within(0.01));
        assertThat(meanPrice).isCloseTo(0.5, within(0.01));
        assertThat(customers).allSatisfy(customer -> {
            assertThat(Arrays.stream(customer.categoryAffinity()).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(customer.loyalty()).isBetween(0.0, 1.0);
            assertThat(customer.devices()).isBetween(1, 3);
        });
        // Dirichlet(0.5) preferences are concentrated: most people care mainly about one or two categories
        double meanTopShare = customers.stream().mapToDouble(customer -> Arrays.stream(customer.categoryAffinity()).max().orElseThrow())
                .average().orElseThrow();
        assertThat(meanTopShare).isGreaterThan(0.35);
    }

    @Test
    void gammaVariatesHaveTheirMeanAndVariance() {
        for (double shape : new double[] {0.5, 0.9, 3.0}) {
            SplittableRandom random = new SplittableRandom(99);
            int n = 200_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double x = Sampling.gamma(random, shape, 2.0);
                sum += x;
                squares += x * x;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertThat(mean).as("mean of Gamma(%s, 2)", shape).isCloseTo(2.0 * shape, within(0.02 * 2.0 * shape));
            assertThat(variance).as("variance of Gamma(%s, 2)", shape).isCloseTo(4.0 * shape, within(0.05 * 4.0 * shape));
        }
    }

    @Test
    void theCatalogueHasAProductLaunchingInsideTheHistory() {
        assertThat(Catalogue.products()).extracting(Catalogue.Product::sku).doesNotHaveDuplicates();
        assertThat(Catalogue.products()).allSatisfy(product -> assertThat(Catalogue.categories()).contains(product.category()));
        assertThat(Catalogue.onSale(Catalogue.ROBOT_VACUUMS, java.time.LocalDate.of(2026, 8, 31))).extracting(Catalogue.Product::sku)
                .containsExactly("QH-RV-01");
        assertThat(Catalogue.onSale(Catalogue.ROBOT_VACUUMS, java.time.LocalDate.of(2026, 9, 1))).extracting(Catalogue.Product::sku)
                .containsExactly("QH-RV-01", "QH-RV-02");
    }
}
