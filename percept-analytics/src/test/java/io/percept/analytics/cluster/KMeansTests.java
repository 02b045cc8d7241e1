package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTests {

    @Test
    void recoversSeededClusters() {
        Blobs blobs = Blobs.fourSeparated(4_000, 1);

        KMeans.Model model = KMeans.fit(blobs.data(), KMeans.Options.defaults(4));

        assertThat(Agreement.adjustedRandIndex(model.assignments(), blobs.truth())).isGreaterThan(0.95);
        assertThat(model.converged()).isTrue();
        assertThat(Arrays.stream(model.sizes()).boxed()).allSatisfy(size -> assertThat(size).isBetween(900, 1100));
        // every planted centre has a fitted centroid within 0.2
        for (int c = 0; c < 4; c++) {
            double[] planted = Arrays.copyOfRange(blobs.centres(), c * 5, c * 5 + 5);
            double nearest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                nearest = Math.min(nearest, Math.sqrt(KMeans.squaredDistance(planted, 0, model.centroids(), j * 5, 5)));
            }
            assertThat(nearest).isLessThan(0.2);
        }
    }

    @Test
    void recoversRandomBlobsWithEverySeed() {
        Blobs blobs = Blobs.of(3_000, 6, 8, 10, 5);
        for (long seed = 0; seed < 5; seed++) {
            KMeans.Model model = KMeans.fit(blobs.data(), KMeans.Options.defaults(6).withSeed(seed).withRestarts(3));

            assertThat(Agreement.adjustedRandIndex(model.assignments(), blobs.truth())).as("seed %d", seed).isGreaterThan(0.95);
        }
    }

    @Test
    void sameDataOptionsAndSeedGiveTheSameModel() {
        Matrix data = uniform(5_000, 4, 3);
        KMeans.Options options = KMeans.Options.defaults(7).withRestarts(2);

        KMeans.Model first = KMeans.fit(data, options);
        KMeans.Model second = KMeans.fit(new Matrix(data.rows(), data.columns(), data.values().clone()), options);

        assertThat(second).isEqualTo(first);
        assertThat(second.provenance().fingerprint()).isEqualTo(first.provenance().fingerprint());
        assertThat(KMeans.fit(data, options.withSeed(43)).provenance().options().seed()).isEqualTo(43);
    }

    @Test
    void hamerlysBoundsGiveLloydsClusters() {
        for (long seed = 1; seed <= 3; seed++) {
            Matrix data = uniform(4_000, 3, seed);
            KMeans.Options options = KMeans.Options.defaults(9).withSeed(seed).withMaxIterations(1_000);

            KMeans.Model hamerly = KMeans.fit(data, options);
            KMeans.Model lloyd = KMeans.fit(data, options.withAlgorithm(KMeans.Algorithm.LLOYD));

            assertThat(hamerly.assignments()).isEqualTo(lloyd.assignments());
            assertThat(hamerly.iterations()).isEqualTo(lloyd.iterations());
            assertThat(hamerly.centroids()).containsExactly(lloyd.centroids(), within(1e-12));
            assertThat(hamerly.provenance().algorithm()).isEqualTo("k-means++/hamerly");
            assertThat(lloyd.provenance().algorithm()).isEqualTo("k-means++/lloyd");
        }
    }

    @Test
    void inertiaIsTheSumOfSquaredDistancesToTheCentroids() {
        Matrix data = uniform(1_000, 2, 9);

        KMeans.Model model = KMeans.fit(data, KMeans.Options.defaults(3));

        double inertia = 0;
        for (int i = 0; i < data.rows(); i++) {
            inertia += KMeans.squaredDistance(data.values(), i * 2, model.centroids(), model.assignments()[i] * 2, 2);
        }
        assertThat(model.inertia()).isCloseTo(inertia, within(1e-9));
        // a converged Lloyd run: every point is at its nearest centroid, every centroid is the mean of its points
        assertThat(model.assign(data)).isEqualTo(model.assignments());
        assertThat(model.converged()).isTrue();
    }

    @Test
    void moreRestartsNeverIncreaseInertia() {
        Matrix data = uniform(3_000, 5, 11);

        double one = KMeans.fit(data, KMeans.Options.defaults(12)).inertia();
        double five = KMeans.fit(data, KMeans.Options.defaults(12).withRestarts(5)).inertia();

        assertThat(five).isLessThanOrEqualTo(one);
    }

    @Test
    void oneClusterIsTheMean() {
        Matrix data = Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 9}});

        KMeans.Model model = KMeans.fit(data, KMeans.Options.defaults(1));

        assertThat(model.centroid(0)).containsExactly(new double[] {3, 5}, within(1e-12));
        assertThat(model.assignments()).containsOnly(0);
        assertThat(model.inertia()).isCloseTo(4 + 9 + 0 + 1 + 4 + 16, within(1e-9));
    }

    @Test
    void emptyClusterTakesTheFarthestPoint() {
        // two groups on a line, one far-off initial centre that no point is nearest to
        double[][] rows = new double[40][];
        for (int i = 0; i < 20; i++) {
            rows[i] = new double[] {i * 0.01};
            rows[20 + i] = new double[] {10 + i * 0.3};
        }
        Matrix data = Matrix.of(rows);

        for (KMeans.Algorithm algorithm : KMeans.Algorithm.values()) {
            KMeans.Model model = KMeans.fit(data, new double[] {0, 10, 1_000}, KMeans.Options.defaults(3).withAlgorithm(algorithm));

            assertThat(Arrays.stream(model.sizes()).min().getAsInt()).as(algorithm.name()).isPositive();
            // the relocated centre started at the farthest point, the wide group's far end, and that group split
            assertThat(model.assignments()[39]).isEqualTo(2);
            assertThat(model.assignments()[0]).isEqualTo(0);
        }
    }

    @Test
    void duplicatePointsFewerThanKDistinctStillGiveAValidModel() {
        double[][] rows = new double[30][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i % 2, 0};
        }

        KMeans.Model model = KMeans.fit(Matrix.of(rows), KMeans.Options.defaults(3));

        assertThat(model.inertia()).isZero();
        assertThat(model.assignments()).containsAnyOf(0, 1, 2).doesNotContain(-1, 3);
        assertThat(model.assignments()[0]).isNotEqualTo(model.assignments()[1]);
    }

    @Test
    void assignsNewPointsToTheNearestCentroid() {
        Blobs blobs = Blobs.fourSeparated(2_000, 4);
        KMeans.Model model = KMeans.fit(blobs.data(), KMeans.Options.defaults(4));

        for (int i = 0; i < 50; i++) {
            assertThat(model.assign(blobs.data().row(i))).isEqualTo(model.assignments()[i]);
        }
        int atOrigin = model.assign(new double[] {0.1, -0.2, 0, 0, 0});
        int atTwelve = model.assign(new double[] {11.8, 0.3, 0, 0, 0});
        assertThat(atOrigin).isNotEqualTo(atTwelve);
        assertThatIllegalArgumentException().isThrownBy(() -> model.assign(new double[] {1, 2}));
    }

    @Test
    void refusesBadOptionsAndData() {
        assertThatIllegalArgumentException().isThrownBy(() -> KMeans.Options.defaults(0));
        assertThatIllegalArgumentException().isThrownBy(() -> KMeans.Options.defaults(10_001));
        assertThatIllegalArgumentException().isThrownBy(() -> KMeans.Options.defaults(3).withMaxIterations(0));
        assertThatIllegalArgumentException().isThrownBy(() -> KMeans.Options.defaults(3).withRestarts(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new KMeans.Options(3, 10, -1, 1, 0, KMeans.Algorithm.LLOYD, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new KMeans.Options(3, 10, Double.NaN, 1, 0, KMeans.Algorithm.LLOYD, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new KMeans.Options(3, 10, 1e-4, 1, -1, KMeans.Algorithm.LLOYD, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new KMeans.Options(3, 10, 1e-4, 1, 0, null, 1));
        Matrix two = Matrix.of(new double[][] {{1}, {2}});
        assertThatIllegalArgumentException().isThrownBy(() -> KMeans.fit(two, KMeans.Options.defaults(3)))
                .withMessageContaining("2 rows cannot make 3 clusters");
        Matrix missing = Matrix.of(new double[][] {{1, 2}, {Double.NaN, 1}, {3, 3}});
        assertThatIllegalArgumentException().isThrownBy(() -> KMeans.fit(missing, KMeans.Options.defaults(2)))
                .withMessageContaining("row 1, column 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Matrix.of(new double[][] {{1, 2}, {3}}));
    }

    static Matrix uniform(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        return new Matrix(n, d, values);
    }
}
