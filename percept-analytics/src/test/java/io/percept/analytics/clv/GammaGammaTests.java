package io.percept.analytics.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Gamma-Gamma on spends simulated from the CDNOW estimates of Fader and Hardie (2013): p = 6.25, q = 3.74, γ = 15.44. */
class GammaGammaTests {

    static final GammaGamma.Parameters CDNOW = new GammaGamma.Parameters(6.25, 3.74, 15.44);

    /**
     * Tolerances: 10,000 repeat customers with 1 to 10 purchases. Over six seeds the estimates spread
     * by up to 10% for p and γ (which trade off against each other) and 3% for q, so p and γ are allowed
     * 15%, q 10%, and the population mean spend p γ / (q − 1), which the data pins best (within 1.5%), 5%.
     */
    @Test
    void recoversTheGeneratingParameters() {
        int customers = 10_000;
        SplittableRandom random = new SplittableRandom(9);
        int[] purchases = new int[customers];
        for (int i = 0; i < customers; i++) {
            purchases[i] = 1 + random.nextInt(10);
        }
        double[][] spends = GammaGamma.simulate(CDNOW, purchases, 10);
        double[] x = new double[customers];
        double[] mean = new double[customers];
        for (int i = 0; i < customers; i++) {
            x[i] = purchases[i];
            double sum = 0;
            for (double spend : spends[i]) {
                sum += spend;
            }
            mean[i] = sum / purchases[i];
        }
        GammaGamma.Model model = GammaGamma.fit(x, mean, FitOptions.defaults());
        GammaGamma.Parameters fitted = model.parameters();

        assertThat(fitted.p()).isCloseTo(CDNOW.p(), within(0.15 * CDNOW.p()));
        assertThat(fitted.q()).isCloseTo(CDNOW.q(), within(0.10 * CDNOW.q()));
        assertThat(fitted.gamma()).isCloseTo(CDNOW.gamma(), within(0.15 * CDNOW.gamma()));
        double populationMean = CDNOW.p() * CDNOW.gamma() / (CDNOW.q() - 1);
        assertThat(model.expectedSpend(0, Double.NaN)).isCloseTo(populationMean, within(0.05 * populationMean));
        assertThat(model.converged()).isTrue();
        assertThat(model.provenance().customers()).isEqualTo(customers);
    }

    @Test
    void theExpectedSpendShrinksAnObservedMeanTowardsThePopulationsMoreForFewPurchases() {
        GammaGamma.Model model = new GammaGamma.Model(CDNOW, 0, 0, true, null);
        double population = model.expectedSpend(0, Double.NaN);
        double high = 3 * population;
        double once = model.expectedSpend(1, high);
        double often = model.expectedSpend(20, high);
        assertThat(once).isGreaterThan(population).isLessThan(often);
        assertThat(often).isLessThan(high);
        // FH (2013) equation 5 by hand
        assertThat(once).isCloseTo(6.25 * (15.44 + high) / (6.25 + 3.74 - 1), within(1e-9));
    }

    @Test
    void customersWithoutRepeatSpendAreLeftOut() {
        double[] x = {0, 2, 3, 1, 4, 2};
        double[] mean = {Double.NaN, 10, 12, 0, 9, 11};
        assertThat(GammaGamma.fit(x, mean, FitOptions.defaults()).provenance().customers()).isEqualTo(4);
    }
}
