package io.percept.console;

import io.percept.prediction.Predictions;
import io.percept.prediction.SegmentComparisons;
import io.percept.profile.Profiles;
import io.percept.segmentation.Segments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's segments page: the saved segments with their recorded sizes, the clusters of the
 * newest prediction run described by what sets each apart, a side-by-side comparison of two groups
 * with their overlap, and a live preview of a definition before it is saved. Reads the
 * segmentation and prediction facades and one scan of the live profiles.
 */
public final class SegmentsBoard {

    /** Recorded sizes a row's sparkline shows. */
    static final int SPARKLINE_POINTS = 30;
    /** Most recorded sizes the history may answer. */
    public static final int MAX_HISTORY = 1_000;
    /** Most differences a comparison lists. */
    static final int DIFFERENCES = 8;
    /** Traits a cluster card names. */
    static final int TRAITS = 4;
    /** A feature sets a cluster apart when its mean is this many standard deviations from everyone's. */
    static final double DISTINCT = 0.3;

    /** Where the segment parser's message puts the problem's 1-based column. */
    private static final Pattern COLUMN = Pattern.compile("^at column (\\d+):");

    /** Starting points for a new segment, one per group the business asks about (names are message keys' suffixes). */
    public static final Map<String, String> SUGGESTIONS = suggestions();

    /**
     * A saved segment with its newest recorded size.
     *
     * @param size       members at the newest full evaluation (null before the first one)
     * @param share      size / profiles evaluated then, 0..1 (null before the first evaluation)
     * @param measuredAt when that size was recorded (null before the first evaluation)
     * @param history    up to {@value #SPARKLINE_POINTS} recorded sizes, oldest first
     */
    public record SegmentRow(String name, String definition, String description, Long size, Double share, Instant measuredAt,
                             List<Segments.SizePoint> history) {
    }

    /**
     * A feature in which a cluster differs from everyone scored: its mean, everyone's mean, and the
     * difference in standard deviations ({@code high} when above).
     */
    public record Trait(String feature, String label, String labelZh, double mean, double populationMean, double standardisedDifference,
                        boolean high) {
    }

    /**
     * One cluster of the newest run.
     *
     * @param size          customers the run put in it (with orders at the run)
     * @param share         size / customers clustered, 0..1
     * @param members       live profiles holding this cluster now
     * @param netRevenue    their mean net revenue now
     * @param clv           their mean predicted CLV (null when none is scored)
     * @param churnRisk     their mean churn risk, 0..1 (null when none is scored)
     * @param traits        up to {@value #TRAITS} features at least {@value #DISTINCT} SD from everyone's mean, largest first
     */
    public record Cluster(int cluster, String name, String nameZh, long size, double share, long members, double netRevenue, Double clv,
                         Double churnRisk, List<Trait> traits) {
    }

    /**
     * The page's figures.
     *
     * @param profiles  live profiles now (the denominator of the share the page shows for clusters)
     * @param customers customers the newest run clustered (0 when there is no run or it skipped clustering)
     * @param clustersNote why there are no clusters (null when there are)
     */
    public record Board(long profiles, List<SegmentRow> segments, long customers, List<Cluster> clusters, String clustersNote,
                        Map<String, String> suggestions) {
    }

    /** One feature compared: both means and the effect size (Hedges' g) with its BH-adjusted p-value. */
    public record Difference(String feature, String label, String labelZh, double meanA, double meanB, double hedgesG, double adjustedP) {
    }

    /**
     * Two groups side by side.
     *
     * @param overlap     profiles in both now
     * @param differences up to {@value #DIFFERENCES} features, largest effect first
     * @param leftOut     features not compared (a group has profiles without that score)
     */
    public record Comparison(String a, String b, long sizeA, long sizeB, long overlap, List<Difference> differences, List<String> leftOut) {
    }

    /**
     * A definition tried without saving: either its size ({@code error} null) or the parse error with its 1-based column.
     *
     * @param share size / profiles, 0..1
     */
    public record Preview(String definition, long size, long profiles, double share, double millis, String error, int column) {

        public boolean valid() {
            return error == null;
        }
    }

    private final Segments segments;
    private final Predictions predictions;
    private final SegmentComparisons comparisons;
    private final Profiles profiles;
    private final Reads reads;

    SegmentsBoard(Segments segments, Predictions predictions, SegmentComparisons comparisons, Profiles profiles, Reads reads) {
        this.segments = segments;
        this.predictions = predictions;
        this.comparisons = comparisons;
        this.profiles = profiles;
        this.reads = reads;
    }

    /** Every saved segment with its newest size, and the clusters of the newest run. */
    @SuppressWarnings("unchecked")
    public Board board() {
        List<SegmentRow> rows = new ArrayList<>();
        for (Segments.Segment segment : segments.list()) {
            List<Segments.SizePoint> points = segments.history(segment.name(), SPARKLINE_POINTS);
            Segments.SizePoint last = points.isEmpty() ? null : points.get(points.size() - 1);
            rows.add(new SegmentRow(segment.name(), segment.definition(), segment.description(), last == null ? null : last.size(),
                    last == null ? null : share(last.size(), last.profiles()), last == null ? null : last.at(),
                    points));
        }
        Map<String, Object> document = predictions.documents("clusters").get("");
        List<Cluster> clusters = new ArrayList<>();
        String note = null;
        long customers = 0;
        if (document == null) {
            note = "no prediction run yet";
        } else if (document.get("skipped") != null) {
            note = String.valueOf(document.get("skipped"));
        } else {
            customers = ((Number) document.get("customers")).longValue();
            Map<Integer, double[]> now = clusterFigures();
            for (Map<String, Object> cluster : (List<Map<String, Object>>) document.get("clusters")) {
                int number = ((Number) cluster.get("cluster")).intValue();
                double[] figures = now.getOrDefault(number, new double[5]);
                clusters.add(new Cluster(number, (String) cluster.get("name"), (String) cluster.get("nameZh"), ((Number) cluster.get("size")).longValue(),
                        ((Number) cluster.get("share")).doubleValue(), (long) figures[0], round(mean(figures[1], figures[0]), 100),
                        meanOrNull(figures[2], figures[3]), meanOrNull(figures[4], figures[3]),
                        traits((List<Map<String, Object>>) cluster.get("features"))));
            }
        }
        return new Board(profiles.count(), rows, customers, clusters, note, SUGGESTIONS);
    }

    /** The recorded sizes of saved segment {@code name}, oldest first; empty when there is no such segment. */
    public Optional<List<Segments.SizePoint>> history(String name, int points) {
        if (points < 1 || points > MAX_HISTORY) {
            throw new IllegalArgumentException("points must be between 1 and " + MAX_HISTORY + ", was " + points);
        }
        return segments.get(name).map(segment -> segments.history(name, points));
    }

    /**
     * Compares groups {@code a} and {@code b}: saved segment names, definitions, or {@code cluster:N}.
     *
     * @throws IllegalArgumentException when a group is unknown, malformed or has fewer than 2 profiles
     */
    @SuppressWarnings("unchecked")
    public Comparison compare(String a, String b) {
        // the members of both groups (for the overlap) are found side by side with the comparison, which finds them itself
        CompletableFuture<long[]> membersA = reads.start(() -> members(a));
        CompletableFuture<long[]> membersB = reads.start(() -> members(b));
        Map<String, Object> body = comparisons.compare(a, b);
        List<Difference> differences = ((List<Map<String, Object>>) body.get("differences")).stream().limit(DIFFERENCES)
                .map(row -> new Difference((String) row.get("feature"), (String) row.get("label"), (String) row.get("labelZh"),
                        number(row.get("meanA")), number(row.get("meanB")), number(row.get("hedgesG")), number(row.get("adjustedP"))))
                .toList();
        return new Comparison(a.strip(), b.strip(), ((Number) body.get("sizeA")).longValue(), ((Number) body.get("sizeB")).longValue(),
                overlap(Reads.done(membersA), Reads.done(membersB)), differences, (List<String>) body.get("leftOut"));
    }

    /** Evaluates {@code definition} over the live profiles without saving; a definition that does not parse answers its error. */
    public Preview preview(String definition) {
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("write a definition, e.g. orders >= 2 and region = \"华东\"");
        }
        try {
            Segments.Evaluation evaluation = segments.preview(definition, null, 0);
            return new Preview(evaluation.definition(), evaluation.size(), evaluation.profiles(), share(evaluation.size(), evaluation.profiles()),
                    evaluation.millis(), null, 0);
        } catch (IllegalArgumentException e) {
            Matcher at = COLUMN.matcher(e.getMessage());
            return new Preview(definition, 0, 0, 0, 0, e.getMessage(), at.find() ? Integer.parseInt(at.group(1)) : 0);
        }
    }

    /**
     * Saves (creates or replaces) a segment and records its size at once, as the segments API does.
     *
     * @throws IllegalArgumentException for a bad name or definition
     */
    public SegmentRow save(String name, String definition, String description) {
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("a segment needs a definition");
        }
        Segments.Segment saved = segments.save(name == null ? "" : name.strip(), definition, null,
                description == null || description.isBlank() ? null : description.strip());
        segments.evaluate(saved.name(), 0);
        return board().segments().stream().filter(row -> row.name().equals(saved.name())).findFirst().orElseThrow();
    }

    /** The fields a definition may name, sorted, with their kinds in lower case. */
    public Map<String, String> fields() {
        return segments.fieldKinds();
    }

    /** The members of a group as {@link SegmentComparisons} reads it: cluster:N, a saved segment, or a definition. */
    private long[] members(String group) {
        String name = group.strip();
        if (name.startsWith("cluster:")) {
            return segments.members(segments.parse("cluster = " + name.substring(8).strip(), null));
        }
        return segments.get(name).map(segments::members).orElseGet(() -> segments.members(segments.parse(name, null)));
    }

    /** Profiles in both ascending id arrays. */
    static long overlap(long[] a, long[] b) {
        long both = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                both++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return both;
    }

    /**
     * One scan of the live profiles: by cluster number, {members, net revenue sum, CLV sum, scored, churn risk sum}.
     * Costs one pass over the profiles in memory (about 80 ms per million on the benchmark machine), no SQL.
     */
    private Map<Integer, double[]> clusterFigures() {
        Map<Integer, double[]> figures = new LinkedHashMap<>();
        profiles.forEach((id, facts) -> {
            if (facts.value("cluster") instanceof Number cluster) {
                double[] sums = figures.computeIfAbsent(cluster.intValue(), c -> new double[5]);
                sums[0]++;
                sums[1] += facts.value("netRevenue") instanceof Number revenue ? revenue.doubleValue() : 0;
                if (facts.value("clv") instanceof Number clv && facts.value("churnRisk") instanceof Number churn) {
                    sums[2] += clv.doubleValue();
                    sums[3]++;
                    sums[4] += churn.doubleValue();
                }
            }
        });
        return figures;
    }

    private static List<Trait> traits(List<Map<String, Object>> features) {
        return features.stream().filter(feature -> Math.abs(number(feature.get("standardisedDifference"))) >= DISTINCT)
                .sorted(Comparator.comparingDouble(feature -> -Math.abs(number(feature.get("standardisedDifference"))))).limit(TRAITS)
                .map(feature -> new Trait((String) feature.get("feature"), (String) feature.get("label"), (String) feature.get("labelZh"),
                        number(feature.get("mean")), number(feature.get("populationMean")), number(feature.get("standardisedDifference")),
                        number(feature.get("standardisedDifference")) > 0))
                .toList();
    }

    private static Map<String, String> suggestions() {
        Map<String, String> suggestions = new LinkedHashMap<>();
        suggestions.put("highValue", "orders >= 3 and netRevenue >= 3000");
        suggestions.put("atRisk", "pAlive < 0.7");
        suggestions.put("priceSensitive", "orders >= 2 and averageOrderValue < 300 and refunds = 0");
        suggestions.put("unhappy", "openComplaints > 0 or lastSentiment < 0");
        suggestions.put("lapsed", "orders >= 1 and not lastOrder within 90d");
        return java.util.Collections.unmodifiableMap(suggestions);
    }

    private static double share(long size, long of) {
        return of == 0 ? 0 : round((double) size / of, 10_000);
    }

    private static double mean(double sum, double count) {
        return count == 0 ? 0 : sum / count;
    }

    private static Double meanOrNull(double sum, double count) {
        return count == 0 ? null : round(sum / count, 1_000);
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
