package io.percept.analytics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterProfileTests {

    private final Customers customers = Customers.of(6_000, 3);

    @Test
    void labelsAClusterByItsMostDistinguishingFeatures() {
        List<ClusterProfile> profiles = ClusterProfile.describe(customers.data(), customers.segment(), 3, Customers.FEATURES);

        ClusterProfile valuable = profiles.get(0);
        assertThat(valuable.label()).isEqualTo(new Feature.Words("高价值-近期活跃", "High value, recently active"));
        assertThat(valuable.terms()).extracting(t -> t.feature().name()).containsExactly("monetary", "recencyDays");
        assertThat(valuable.terms().get(0).high()).isTrue();
        assertThat(valuable.terms().get(1).high()).isFalse();
        assertThat(valuable.share()).isCloseTo(0.2, within(0.02));
        ClusterProfile.FeatureProfile monetary = valuable.features().get(2);
        assertThat(monetary.smdPopulation()).isGreaterThan(1.2);
        assertThat(monetary.dVersusRest()).isGreaterThan(monetary.smdPopulation());
        assertThat(monetary.mean()).isGreaterThan(3 * monetary.populationMean());
        assertThat(Double.isNaN(monetary.lift())).isTrue();
        // frequency and tenure were not planted
        assertThat(Math.abs(valuable.features().get(1).smdPopulation())).isLessThan(0.15);
        assertThat(Math.abs(valuable.features().get(4).smdPopulation())).isLessThan(0.15);
    }

    @Test
    void indicatorsGetALift() {
        List<ClusterProfile> profiles = ClusterProfile.describe(customers.data(), customers.segment(), 3, Customers.FEATURES);

        ClusterProfile app = profiles.get(1);
        assertThat(app.label()).isEqualTo(new Feature.Words("App 用户", "App users"));
        ClusterProfile.FeatureProfile appUser = app.features().get(3);
        assertThat(appUser.mean()).isCloseTo(0.9, within(0.03));
        assertThat(appUser.lift()).isCloseTo(0.9 / 0.48, within(0.15));
        assertThat(appUser.smdPopulation()).isGreaterThan(0.7);
        assertThat(profiles.get(2).label()).isEqualTo(new Feature.Words("普通客户", "Typical customers"));
        assertThat(profiles.stream().mapToInt(ClusterProfile::size).sum()).isEqualTo(6_000);
    }

    @Test
    void usesTheCallersVocabulary() {
        List<Feature> features = List.of(Feature.standard("recencyDays"), Feature.standard("frequency"),
                Feature.continuous("monetary", new Feature.Words("消费", "Spend"), new Feature.Words("大客户", "Big spenders"), null).logScaled(),
                Feature.standard("appUser"), Feature.standard("tenureDays"));

        List<ClusterProfile> profiles = ClusterProfile.describe(customers.data(), customers.segment(), 3, features,
                new ClusterProfile.Options(0.5, 1, new Feature.Words("其他", "Others")));

        assertThat(profiles.get(0).label()).isEqualTo(new Feature.Words("大客户", "Big spenders"));
        assertThat(profiles.get(2).label()).isEqualTo(new Feature.Words("其他", "Others"));
    }

    @Test
    void clustersThatWouldShareALabelAreToldApart() {
        // clusters 0 and 1 are both big spenders, 0 recent and 1 lapsed; 2 to 5 are alike
        double[][] rows = new double[420][];
        int[] labels = new int[420];
        for (int i = 0; i < rows.length; i++) {
            int c = i % 6;
            labels[i] = c;
            double recency = (c == 0 ? 100 : c == 1 ? 200 : 150) + (i % 7) * 30;
            rows[i] = new double[] {(c < 2 ? 10_000 : 100) + (i % 7) * 0.01, recency};
        }
        List<Feature> features = Feature.standard("monetary", "recencyDays").stream().map(Feature::linearScaled).toList();

        List<ClusterProfile> profiles = ClusterProfile.describe(Matrix.of(rows), labels, 6, features,
                new ClusterProfile.Options(0.5, 1, new Feature.Words("普通客户", "Typical customers")));

        assertThat(profiles.get(0).label()).isEqualTo(new Feature.Words("高价值-近期活跃", "High value, recently active"));
        assertThat(profiles.get(1).label()).isEqualTo(new Feature.Words("高价值-久未购买", "High value, lapsed"));
        assertThat(profiles.get(2).label()).isEqualTo(new Feature.Words("低价值", "Low value"));
        assertThat(profiles.get(3).label()).isEqualTo(new Feature.Words("低价值 #2", "Low value #2"));
        assertThat(profiles.get(5).label()).isEqualTo(new Feature.Words("低价值 #4", "Low value #4"));
    }

    @Test
    void emptyClusterAndBadInput() {
        List<ClusterProfile> profiles = ClusterProfile.describe(customers.data(), customers.segment(), 4, Customers.FEATURES);
        assertThat(profiles.get(3).size()).isZero();
        assertThat(profiles.get(3).features().get(0).smdPopulation()).isNaN();

        assertThatIllegalArgumentException().isThrownBy(
                () -> ClusterProfile.describe(customers.data(), customers.segment(), 3, Customers.FEATURES.subList(0, 4)));
        assertThatIllegalArgumentException().isThrownBy(
                () -> ClusterProfile.describe(customers.data(), new int[] {0}, 3, Customers.FEATURES));
        Matrix badIndicator = Matrix.of(new double[][] {{1, 0.5}, {2, 1}});
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterProfile.describe(badIndicator, new int[] {0, 1}, 2,
                Feature.standard("orders", "appUser"))).withMessageContaining("not 0 or 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClusterProfile.Options(-1, 2, new Feature.Words("a", "b")));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClusterProfile.Options(0.5, 0, new Feature.Words("a", "b")));
    }

    @Test
    void unknownFeaturesGetPlainWords() {
        Feature feature = Feature.standard("wishlistItems");

        assertThat(feature.high()).isEqualTo(new Feature.Words("高wishlistItems", "High wishlistItems"));
        assertThat(feature.logScale()).isFalse();
        assertThat(Feature.standard("recency_days").low()).isEqualTo(new Feature.Words("近期活跃", "Recently active"));
        assertThat(Feature.standard("recency_days").name()).isEqualTo("recency_days");
        assertThat(Feature.standard("MONETARY").logScale()).isTrue();
        assertThat(Feature.knownNames()).contains("monetary", "recencyDays", "frequency", "appUser");
        assertThatIllegalArgumentException().isThrownBy(() -> Feature.indicator("x", new Feature.Words("x", "x"), null, null).logScaled());
    }
}
