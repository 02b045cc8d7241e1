package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scores by profile id: the fields segments read and the map profiles show. */
class ScoreBoardTests {

    private static ScoreBoard board() {
        return new ScoreBoard(4, new long[] {2, 9}, new float[] {1.5f, Float.NaN}, new float[] {0.9f, 0.2f}, new float[] {300f, 12f},
                new float[] {0.1f, 0.8f}, new int[] {1, -1}, List.of(new String[] {"新客户", "New"}, new String[] {"高价值", "High value"}),
                List.of("phone30d"), new float[][] {{0.25f, 0.05f}}, new String[][] {{"P-1", "P-2"}, null},
                new String[] {"recencyDays\t12.0\t-0.8\nchannel\tapp\t0.15", null});
    }

    @Test
    void fieldsOfScoredProfiles() {
        ScoreBoard board = board();
        assertThat(board.value(2, "churnRisk")).isEqualTo((double) 0.1f);
        assertThat(board.value(9, "scores.churn")).isEqualTo((double) 0.8f);
        assertThat(board.value(2, "scores.phone30d")).isEqualTo(0.25);
        assertThat(board.value(2, "cluster")).isEqualTo(1.0);
        assertThat(board.value(2, "clusterName")).isEqualTo("High value");
        assertThat(board.value(2, "clusterNameZh")).isEqualTo("高价值");
        assertThat(board.value(2, "recommended")).isEqualTo(List.of("P-1", "P-2"));
        assertThat(board.value(9, "expectedPurchases")).as("NaN is not scored").isNull();
        assertThat(board.value(9, "cluster")).isNull();
        assertThat(board.value(9, "recommended")).isEqualTo(List.of());
        assertThat(board.value(5, "churnRisk")).as("an unscored profile").isNull();
        assertThat(board.value(2, "scores.unknown")).isNull();
    }

    @Test
    void theViewOfAProfile() {
        Map<String, Object> all = board().all(2);
        assertThat(all).containsEntry("run", 4L).containsEntry("churnRisk", 0.1).containsEntry("clv", 300.0)
                .containsEntry("clusterName", "High value").containsEntry("propensities", Map.of("phone30d", 0.25));
        assertThat(board().all(3)).isEmpty();
        assertThat(all.get("churnDrivers")).isEqualTo(List.of(Map.of("feature", "recencyDays", "value", "12.0", "effect", -0.8),
                Map.of("feature", "channel", "value", "app", "effect", 0.15)));
        assertThat(board().all(9).get("churnDrivers")).isEqualTo(List.of());
    }

    @Test
    void idsMustAscend() {
        assertThatThrownBy(() -> new ScoreBoard(1, new long[] {3, 3}, new float[2], new float[2], new float[2], new float[2], new int[2],
                List.of(), List.of(), new float[0][], new String[2][], new String[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
