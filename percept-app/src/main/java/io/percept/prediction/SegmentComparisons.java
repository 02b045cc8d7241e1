package io.percept.prediction;

import io.percept.analytics.cluster.Feature;
import io.percept.analytics.cluster.Matrix;
import io.percept.analytics.cluster.SegmentComparison;
import io.percept.profile.ProfileReader;
import io.percept.segmentation.Segments;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two groups of profiles feature by feature: saved segments by name, segment definitions
 * written inline, or {@code cluster:N} of the newest run. The features are read from the live
 * profiles (orders, spend, recency, tenure, engagement, voice) and their scores; differences come
 * with Cohen's d / Hedges' g, Welch's t-test and Benjamini-Hochberg adjusted p-values.
 */
public final class SegmentComparisons {

    static final String[] FIELDS = {"recencyDays", "orders", "netRevenue", "averageOrderValue", "tenureDays", "events", "refunds",
            "complaints", "sentiment", "churnRisk", "clv", "pAlive"};
    private static final long DAY_MICROS = 86_400_000_000L;

    private final ProfileReader profiles;
    private final Segments segments;
    private final Clock clock;

    SegmentComparisons(ProfileReader profiles, Segments segments, Clock clock) {
        this.profiles = profiles;
        this.segments = segments;
        this.clock = clock;
    }

    /**
     * The features that differ between groups {@code a} and {@code b}, largest effect first.
     *
     * @throws IllegalArgumentException when a group is unknown, malformed or empty
     */
    public Map<String, Object> compare(String a, String b) {
        long[] first = members(a);
        long[] second = members(b);
        if (first.length < 2 || second.length < 2) {
            throw new IllegalArgumentException("each group needs at least 2 profiles; '" + a + "' has " + first.length + ", '" + b + "' has "
                    + second.length);
        }
        double[][] x = columns(first);
        double[][] y = columns(second);
        List<Feature> features = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (int f = 0; f < FIELDS.length; f++) {
            if (finite(x[f]) && finite(y[f])) {
                features.add(Feature.standard(FIELDS[f]));
                kept.add(f);
            } else {
                left.add(FIELDS[f]);
            }
        }
        SegmentComparison.Comparison comparison = SegmentComparison.compare(matrix(x, kept), matrix(y, kept), features);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("a", a);
        body.put("b", b);
        body.put("sizeA", comparison.sizeA());
        body.put("sizeB", comparison.sizeB());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SegmentComparison.FeatureDifference difference : comparison.differences()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("feature", difference.feature().name());
            row.put("labelZh", difference.feature().label().zh());
            row.put("label", difference.feature().label().en());
            row.put("meanA", ModelRun.round(difference.meanA(), 1_000));
            row.put("meanB", ModelRun.round(difference.meanB(), 1_000));
            row.put("difference", ModelRun.round(difference.difference(), 1_000));
            row.put("cohensD", ModelRun.round(difference.cohensD(), 1_000));
            row.put("hedgesG", ModelRun.round(difference.hedgesG(), 1_000));
            row.put("pValue", difference.pValue());
            row.put("adjustedP", difference.qValue());
            rows.add(row);
        }
        body.put("differences", rows);
        body.put("leftOut", left);
        return body;
    }

    private long[] members(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("name two groups: a segment, a definition or cluster:N");
        }
        String name = group.strip();
        if (name.startsWith("cluster:")) {
            String number = name.substring(8).strip();
            if (!number.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + name + "': a cluster is cluster:N with N a number");
            }
            return segments.members(segments.parse("cluster = " + number, null));
        }
        return segments.get(name).map(segments::members)
                .orElseGet(() -> segments.members(segments.parse(name, null)));
    }

    /** The fields of each profile, a column per field; a profile without orders counts its recency from its first event, unscored profiles are NaN. */
    private double[][] columns(long[] ids) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        double[][] columns = new double[FIELDS.length][ids.length];
        int[] row = {0};
        profiles.forEach(ids, (id, facts) -> {
            int r = row[0]++;
            double tenure = facts.value("firstSeen") instanceof Number first ? (now - first.longValue()) / (double) DAY_MICROS : 0;
            columns[0][r] = facts.value("lastOrder") instanceof Number last ? (now - last.longValue()) / (double) DAY_MICROS : tenure;
            columns[1][r] = number(facts.value("orders"));
            columns[2][r] = number(facts.value("netRevenue"));
            columns[3][r] = number(facts.value("averageOrderValue"));
            columns[4][r] = tenure;
            columns[5][r] = number(facts.value("events"));
            columns[6][r] = number(facts.value("refunds"));
            columns[7][r] = number(facts.value("complaints"));
            columns[8][r] = number(facts.value("averageSentiment"));
            columns[9][r] = nan(facts.value("churnRisk"));
            columns[10][r] = nan(facts.value("clv"));
            columns[11][r] = nan(facts.value("pAlive"));
        });
        for (int f = 0; f < FIELDS.length; f++) {
            columns[f] = java.util.Arrays.copyOf(columns[f], row[0]);
        }
        return columns;
    }

    private static boolean finite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    private static Matrix matrix(double[][] columns, List<Integer> kept) {
        int n = columns[0].length;
        double[] values = new double[n * kept.size()];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < kept.size(); k++) {
                values[r * kept.size() + k] = columns[kept.get(k)][r];
            }
        }
        return new Matrix(n, kept.size(), values);
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    private static double nan(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
