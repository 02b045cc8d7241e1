package io.percept.analytics.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder standardises, imputes with an indicator, one-hot encodes, and reuses the training statistics. */
class FeatureEncoderTests {

    private static final Schema SCHEMA = Schema.builder().numeric("age", "constant").categorical("plan").build();

    private static Table training() {
        return Table.fromText(SCHEMA, List.of(new String[] {"20", "5", "basic"}, new String[] {"30", "5", "basic"},
                new String[] {"", "5", "premium"}, new String[] {"50", "5", " basic "}, new String[] {"NA", "5", ""},
                new String[] {"40", "5", "rare"}));
    }

    @Test
    void standardisesImputesAndOneHotEncodes() {
        FeatureEncoder encoder = FeatureEncoder.fit(training(), new FeatureEncoder.Options(10, 1));
        assertThat(encoder.featureNames()).containsExactly("age", "age:missing", "constant", "plan=basic", "plan=premium", "plan=rare");
        assertThat(encoder.featureColumns()).containsExactly(0, 0, 1, 2, 2, 2);
        FeatureEncoder.Numeric age = (FeatureEncoder.Numeric) encoder.encodings().get(0);
        assertThat(age.median()).isEqualTo(35.0);
        assertThat(age.mean()).isCloseTo((20 + 30 + 35 + 50 + 35 + 40) / 6.0, within(1e-12));
        double[][] x = encoder.encode(training());
        double mean = 0;
        double squares = 0;
        for (double[] row : x) {
            mean += row[0] / 6;
            squares += row[0] * row[0] / 6;
        }
        assertThat(mean).isCloseTo(0, within(1e-12));
        assertThat(squares).as("unit variance").isCloseTo(1, within(1e-12));
        assertThat(x[2][0]).as("the median, standardised").isCloseTo((35 - age.mean()) / age.sd(), within(1e-12));
        assertThat(x[2][1]).isEqualTo(1);
        assertThat(x[0][1]).isZero();
        assertThat(x[0][2]).as("a constant column").isZero();
        assertThat(x[3]).endsWith(1, 0, 0);
        assertThat(x[4]).as("a missing level").endsWith(0, 0, 0);
    }

    @Test
    void unseenAndRareLevelsEncodeAsZerosAndTrainingStatisticsAreReused() {
        FeatureEncoder encoder = FeatureEncoder.fit(training(), new FeatureEncoder.Options(10, 2));
        assertThat(encoder.featureNames()).containsExactly("age", "age:missing", "constant", "plan=basic");
        Table later = Table.fromText(SCHEMA, List.of(new String[] {"35", "7", "gold"}, new String[] {"", "5", "rare"}));
        double[][] x = encoder.encode(later);
        FeatureEncoder.Numeric age = (FeatureEncoder.Numeric) encoder.encodings().get(0);
        assertThat(x[0][0]).isCloseTo((35 - age.mean()) / age.sd(), within(1e-12));
        assertThat(x[0][3]).isZero();
        assertThat(x[1][3]).isZero();
        assertThat(x[0][2]).as("the training constant's 'sd' is 1").isEqualTo(2);
        assertThat(encoder.encode(later, 1, 2)[0]).containsExactly(x[1]);
    }

    @Test
    void keepsTheMostFrequentLevelsUpToTheLimit() {
        FeatureEncoder encoder = FeatureEncoder.fit(training(), new FeatureEncoder.Options(1, 1));
        assertThat(encoder.featureNames()).contains("plan=basic").doesNotContain("plan=premium");
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertThatThrownBy(() -> Table.fromText(SCHEMA, List.<String[]>of(new String[] {"x", "1", "a"})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("age is not a number");
        Table empty = Table.fromText(SCHEMA, List.<String[]>of(new String[] {"", "1", "a"}));
        assertThatThrownBy(() -> FeatureEncoder.fit(empty, FeatureEncoder.Options.defaults())).hasMessageContaining("no value");
        FeatureEncoder encoder = FeatureEncoder.fit(training(), FeatureEncoder.Options.defaults());
        Table other = Table.fromText(Schema.builder().numeric("age").build(), List.<String[]>of(new String[] {"1"}));
        assertThatThrownBy(() -> encoder.encode(other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schema.builder().numeric("a").categorical("a").build()).hasMessageContaining("twice");
    }
}
