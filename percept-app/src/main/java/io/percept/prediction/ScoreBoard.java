package io.percept.prediction;

import io.percept.profile.ProfileScores;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's scores of every customer it scored, by profile id (sorted, binary-searched): immutable,
 * so profiles and segments read it without locks while the next run builds its successor. NaN and
 * -1 stand for "not scored".
 *
 * @param runId             the run that computed the scores
 * @param profiles          scored profile ids, ascending
 * @param expectedPurchases purchases BG/NBD expects within the CLV horizon
 * @param pAlive            BG/NBD's probability that the customer is still active
 * @param clv               expected purchases × Gamma-Gamma's expected spend, discounted
 * @param churnRisk         1 − P(order within the churn horizon) from the churn propensity model
 * @param cluster           the k-means cluster, or -1
 * @param clusterNames      each cluster's name {@code [zh, en]}
 * @param targets           the other propensity targets' names
 * @param propensities      {@code propensities[t][i]}: target t's probability for profile i
 * @param recommended       each profile's recommended products, best first
 * @param churnDrivers      each profile's strongest drivers of its churn risk: lines of feature, value and
 *                          effect on the churn log-odds (positive raises the risk), tab-separated; null when none
 */
record ScoreBoard(long runId, long[] profiles, float[] expectedPurchases, float[] pAlive, float[] clv, float[] churnRisk, int[] cluster,
        List<String[]> clusterNames, List<String> targets, float[][] propensities, String[][] recommended, String[] churnDrivers)
        implements ProfileScores {

    static final ScoreBoard EMPTY = new ScoreBoard(0, new long[0], new float[0], new float[0], new float[0], new float[0], new int[0],
            List.of(), List.of(), new float[0][], new String[0][], new String[0]);

    ScoreBoard {
        clusterNames = List.copyOf(clusterNames);
        targets = List.copyOf(targets);
        for (int i = 1; i < profiles.length; i++) {
            if (profiles[i] <= profiles[i - 1]) {
                throw new IllegalArgumentException("profile ids must be ascending and distinct");
            }
        }
    }

    int size() {
        return profiles.length;
    }

    private int index(long profileId) {
        return Arrays.binarySearch(profiles, profileId);
    }

    @Override
    public Object value(long profileId, String field) {
        int i = index(profileId);
        if (i < 0) {
            return null;
        }
        return switch (field) {
            case "churnRisk" -> number(churnRisk[i]);
            case "pAlive" -> number(pAlive[i]);
            case "expectedPurchases" -> number(expectedPurchases[i]);
            case "clv" -> number(clv[i]);
            case "cluster" -> cluster[i] < 0 ? null : (Object) (double) cluster[i];
            case "clusterName" -> cluster[i] < 0 ? null : clusterNames.get(cluster[i])[1];
            case "clusterNameZh" -> cluster[i] < 0 ? null : clusterNames.get(cluster[i])[0];
            case "recommended" -> recommended[i] == null ? List.of() : List.of(recommended[i]);
            default -> target(field, i);
        };
    }

    private Object target(String field, int i) {
        if (field.equals("scores.churn")) {
            return number(churnRisk[i]);
        }
        int t = field.startsWith("scores.") ? targets.indexOf(field.substring(7)) : -1;
        return t < 0 ? null : number(propensities[t][i]);
    }

    private static Object number(float value) {
        return Float.isNaN(value) ? null : (Object) (double) value;
    }

    private static Double rounded(float value, double scale) {
        return Float.isNaN(value) ? null : Math.round(value * scale) / scale;
    }

    @Override
    public Map<String, Object> all(long profileId) {
        int i = index(profileId);
        if (i < 0) {
            return Map.of();
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("run", runId);
        all.put("churnRisk", rounded(churnRisk[i], 10_000));
        all.put("pAlive", rounded(pAlive[i], 10_000));
        all.put("expectedPurchases", rounded(expectedPurchases[i], 1_000));
        all.put("clv", rounded(clv[i], 100));
        if (cluster[i] >= 0) {
            all.put("cluster", cluster[i]);
            all.put("clusterName", clusterNames.get(cluster[i])[1]);
            all.put("clusterNameZh", clusterNames.get(cluster[i])[0]);
        }
        Map<String, Double> byTarget = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            byTarget.put(targets.get(t), rounded(propensities[t][i], 10_000));
        }
        all.put("propensities", byTarget);
        all.put("recommended", recommended[i] == null ? List.of() : List.of(recommended[i]));
        all.put("churnDrivers", drivers(churnDrivers[i]));
        return all;
    }

    /** The encoded drivers as {@code {feature, value, effect}} maps. */
    static List<Map<String, Object>> drivers(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> drivers = new java.util.ArrayList<>();
        for (String line : encoded.split("\n")) {
            String[] parts = line.split("\t", 3);
            Map<String, Object> driver = new LinkedHashMap<>();
            driver.put("feature", parts[0]);
            driver.put("value", parts[1]);
            driver.put("effect", Double.parseDouble(parts[2]));
            drivers.add(driver);
        }
        return drivers;
    }

    /**
     * Profile i's row of {@code profile_scores}, column by column: run, profile, expected purchases,
     * P(alive), CLV, churn risk (Double, null when not scored), cluster (Integer), its English and
     * Chinese names, propensities by target and recommended products (JSON), churn drivers; null
     * where there is no value.
     */
    Object[] storedRow(int i) {
        int c = cluster[i];
        Map<String, Object> byTarget = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            float p = propensities[t][i];
            byTarget.put(targets.get(t), Float.isNaN(p) ? null : (double) p);
        }
        return new Object[] {runId, profiles[i], stored(expectedPurchases[i]), stored(pAlive[i]), stored(clv[i]), stored(churnRisk[i]),
                c < 0 ? null : c, c < 0 ? null : clusterNames.get(c)[1], c < 0 ? null : clusterNames.get(c)[0],
                io.percept.platform.JsonValues.toJson(byTarget),
                io.percept.platform.JsonValues.toJson(recommended[i] == null ? List.of() : Arrays.asList(recommended[i])), churnDrivers[i]};
    }

    private static Double stored(float value) {
        return Float.isNaN(value) ? null : (double) value;
    }
}
