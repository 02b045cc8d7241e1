package io.percept.cli;

import io.percept.analytics.cluster.Agreement;
import io.percept.analytics.cluster.ClusterProfile;
import io.percept.analytics.cluster.Feature;
import io.percept.analytics.cluster.KMeans;
import io.percept.analytics.cluster.KSelection;
import io.percept.analytics.cluster.Matrix;
import io.percept.analytics.cluster.SegmentComparison;
import io.percept.analytics.cluster.Standardizer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench kmeans}: segmentation on one thread over synthetic customers (seeded): the
 * standardisation, k-means for a fixed k (Hamerly's bounds, the default, and plain Lloyd), the
 * silhouette choice of k over a range, and the cluster profiles and one segment comparison. The raw
 * baseline is one pass computing the distance of every point to every centroid, the cost of one
 * Lloyd iteration; k-means is reported as a multiple of it. Wall-clock and thread CPU time.
 */
@Command(name = "kmeans", description = "Segmentation on one thread over synthetic customers: standardisation, k-means for a fixed k "
        + "(Hamerly and Lloyd), the silhouette choice of k, profiles; against one pass of point-to-centroid distances (raw baseline).")
final class KMeansBench implements Callable<Integer> {

    /** Ten RFM and behaviour features, as the profile will provide them. */
    static final List<Feature> FEATURES = Feature.standard("recencyDays", "frequency", "monetary", "averageOrderValue", "tenureDays",
            "sessions", "pageViews", "discountShare", "sentiment", "appUser");

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", paramLabel = "N", description = "Customers (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--k", defaultValue = "8", description = "Clusters of the fixed-k runs (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--segments", defaultValue = "8", paramLabel = "S", description = "Segments the synthetic customers are drawn from (default: ${DEFAULT-VALUE})")
    int segments;

    @Option(names = "--k-min", defaultValue = "2", description = "Smallest k of the choice (default: ${DEFAULT-VALUE})")
    int kMin;

    @Option(names = "--k-max", defaultValue = "10", description = "Largest k of the choice (default: ${DEFAULT-VALUE})")
    int kMax;

    @Option(names = "--sample", defaultValue = "4000", description = "Points the silhouette is computed among (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of the baseline and the fixed-k runs; medians reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the data and of k-means (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--skip-selection", description = "Leave out the choice of k (the slowest part)")
    boolean skipSelection;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Wall and thread-CPU milliseconds of one run, and what it returned. */
    private record Timed<T>(double wallMillis, double cpuMillis, T value) {
    }

    private <T> Timed<T> time(Supplier<T> work) {
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        T value = work.get();
        return new Timed<>((System.nanoTime() - started) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6, value);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (rows < 1000 || k < 2 || segments < 1 || rounds < 1 || kMin < 2 || kMax < kMin || sample < 10 || k >= rows) {
            spec.commandLine().getErr().println("percept bench kmeans: --rows at least 1000, --k and --k-min at least 2, --k-max at least "
                    + "--k-min, --rounds and --segments positive, --sample at least 10");
            return 2;
        }
        int[] truth = new int[rows];
        Timed<Matrix> generated = time(() -> customers(rows, segments, seed, truth));
        Matrix data = generated.value();
        out.printf(Locale.ROOT, "%,d customers x %d features from %d seeded segments (generated in %.0f ms); one thread, %d rounds%n",
                rows, data.columns(), segments, generated.wallMillis(), rounds);

        Timed<Matrix> standardised = time(() -> Standardizer.fitApply(data, FEATURES).standardised());
        Matrix z = standardised.value();
        out.printf(Locale.ROOT, "standardise (fit + apply, log1p on money and counts)  %8.0f ms wall  %8.0f ms CPU%n",
                standardised.wallMillis(), standardised.cpuMillis());

        KMeans.Options options = KMeans.Options.defaults(k).withSeed(seed);
        KMeans.Model warm = KMeans.fit(z.select(firstRows(Math.min(rows, 50_000))), options);
        baselinePass(z, warm.centroids(), k);
        double[] baselineWall = new double[rounds];
        double[] baselineCpu = new double[rounds];
        double[] hamerlyWall = new double[rounds];
        double[] hamerlyCpu = new double[rounds];
        double[] lloydWall = new double[rounds];
        double[] lloydCpu = new double[rounds];
        KMeans.Model hamerly = null;
        KMeans.Model lloyd = null;
        for (int round = 0; round < rounds; round++) {
            Timed<Long> baseline = time(() -> baselinePass(z, warm.centroids(), k));
            baselineWall[round] = baseline.wallMillis();
            baselineCpu[round] = baseline.cpuMillis();
            Timed<KMeans.Model> fitted = time(() -> KMeans.fit(z, options));
            hamerlyWall[round] = fitted.wallMillis();
            hamerlyCpu[round] = fitted.cpuMillis();
            hamerly = fitted.value();
            Timed<KMeans.Model> plain = time(() -> KMeans.fit(z, options.withAlgorithm(KMeans.Algorithm.LLOYD)));
            lloydWall[round] = plain.wallMillis();
            lloydCpu[round] = plain.cpuMillis();
            lloyd = plain.value();
        }
        double baseline = median(baselineCpu);
        out.printf(Locale.ROOT, "raw baseline: one pass, every point to %d centroids  %8.1f ms wall  %8.1f ms CPU  (rounds: %s)%n", k,
                median(baselineWall), baseline, list(baselineCpu));
        out.printf(Locale.ROOT, "k-means k=%d, Hamerly (default)               %8.0f ms wall  %8.0f ms CPU  (rounds: %s)  %d iterations, "
                + "%.1f x baseline%n", k, median(hamerlyWall), median(hamerlyCpu), list(hamerlyCpu), hamerly.iterations(),
                median(hamerlyCpu) / baseline);
        out.printf(Locale.ROOT, "k-means k=%d, Lloyd                           %8.0f ms wall  %8.0f ms CPU  (rounds: %s)  %d iterations, "
                + "%.1f x baseline%n", k, median(lloydWall), median(lloydCpu), list(lloydCpu), lloyd.iterations(), median(lloydCpu) / baseline);
        double ari = Agreement.adjustedRandIndex(hamerly.assignments(), truth);
        out.printf(Locale.ROOT, "  same clusters: %s; inertia %.1f; sizes %s; adjusted Rand index against the %d planted segments %.4f%n",
                Arrays.equals(hamerly.assignments(), lloyd.assignments()), hamerly.inertia(), Arrays.toString(hamerly.sizes()), segments, ari);

        KMeans.Model model = hamerly;
        Timed<List<ClusterProfile>> profiled = time(() -> ClusterProfile.describe(data, model.assignments(), k, FEATURES));
        int[] sizes = model.sizes();
        int largest = 0;
        int second = 1;
        for (int c = 0; c < k; c++) {
            if (sizes[c] > sizes[largest]) {
                second = largest;
                largest = c;
            } else if (c != largest && sizes[c] > sizes[second]) {
                second = c;
            }
        }
        int a = largest;
        int b = second;
        Timed<SegmentComparison.Comparison> compared = time(() -> SegmentComparison.compare(data, model.assignments(), a, b, FEATURES));
        out.printf(Locale.ROOT, "profiles of %d clusters                         %8.0f ms wall  %8.0f ms CPU%n", k, profiled.wallMillis(),
                profiled.cpuMillis());
        for (ClusterProfile profile : profiled.value()) {
            out.printf(Locale.ROOT, "  %d  %5.1f %%  %s / %s%n", profile.cluster(), 100 * profile.share(), profile.label().zh(),
                    profile.label().en());
        }
        SegmentComparison.FeatureDifference top = compared.value().differences().get(0);
        out.printf(Locale.ROOT, "compare clusters %d and %d (%,d vs %,d)         %8.0f ms wall  %8.0f ms CPU; largest: %s, effect %.2f, q %.2g%n",
                a, b, sizes[a], sizes[b], compared.wallMillis(), compared.cpuMillis(), top.feature().name(), top.effectSize(), top.qValue());

        StringBuilder last = new StringBuilder(String.format(Locale.ROOT,
                "rows=%d features=%d k=%d standardise_ms=%.0f kmeans_ms=%.0f kmeans_cpu_ms=%.0f iterations=%d lloyd_ms=%.0f "
                        + "lloyd_iterations=%d baseline_pass_ms=%.1f ratio=%.1f ari=%.4f",
                rows, data.columns(), k, standardised.wallMillis(), median(hamerlyWall), median(hamerlyCpu), hamerly.iterations(),
                median(lloydWall), lloyd.iterations(), baseline, median(hamerlyCpu) / baseline, ari));
        if (!skipSelection) {
            KSelection.Options selection = new KSelection.Options(kMin, kMax, sample, options);
            Timed<KSelection.Result> chosen = time(() -> KSelection.select(z, selection));
            out.printf(Locale.ROOT, "choose k in [%d, %d] by silhouette on %,d points %8.0f ms wall  %8.0f ms CPU; chose k=%d%n", kMin, kMax,
                    chosen.value().sampleSize(), chosen.wallMillis(), chosen.cpuMillis(), chosen.value().k());
            for (KSelection.Score score : chosen.value().scores()) {
                out.printf(Locale.ROOT, "  k=%-3d silhouette %.4f  inertia %,.0f  %d iterations%n", score.k(), score.silhouette(), score.inertia(),
                        score.iterations());
            }
            last.append(String.format(Locale.ROOT, " select_ms=%.0f select_cpu_ms=%.0f chosen_k=%d", chosen.wallMillis(), chosen.cpuMillis(),
                    chosen.value().k()));
        }
        out.println(last);
        return 0;
    }

    /** The raw baseline: each point's squared distance to every centroid, the nearest kept (one Lloyd assignment pass). */
    static long baselinePass(Matrix data, double[] centroids, int k) {
        double[] x = data.values();
        int d = data.columns();
        long checksum = 0;
        for (int offset = 0; offset < x.length; offset += d) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double sum = 0;
                int co = c * d;
                for (int j = 0; j < d; j++) {
                    double diff = x[offset + j] - centroids[co + j];
                    sum += diff * diff;
                }
                if (sum < bestDistance) {
                    bestDistance = sum;
                    best = c;
                }
            }
            checksum += best;
        }
        return checksum;
    }

    /**
     * Seeded synthetic customers: each of {@code segments} segments has its own level per feature
     * (drawn once), customers scatter around it; money and counts are log-normal, recency and tenure
     * in days, discount share and sentiment bounded, app use an indicator. Each customer's segment
     * goes into {@code truth}.
     */
    static Matrix customers(int n, int segments, long seed, int[] truth) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = FEATURES.size();
        double[][] level = new double[segments][d];
        for (int s = 0; s < segments; s++) {
            for (int j = 0; j < d; j++) {
                level[s][j] = random.nextDouble() * 2 - 1;
            }
        }
        double[] values = new double[n * d];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(segments);
            double[] l = level[truth[i]];
            int o = i * d;
            values[o] = Math.max(0, Math.round(180 + 150 * l[0] + 40 * gaussian(random)));
            values[o + 1] = Math.max(1, Math.round(Math.exp(1.2 + 0.9 * l[1] + 0.4 * gaussian(random))));
            values[o + 2] = Math.exp(7 + 1.5 * l[2] + 0.5 * gaussian(random));
            values[o + 3] = Math.exp(5.5 + 0.8 * l[3] + 0.4 * gaussian(random));
            values[o + 4] = Math.max(0, Math.round(700 + 500 * l[4] + 150 * gaussian(random)));
            values[o + 5] = Math.round(Math.exp(2.5 + l[5] + 0.4 * gaussian(random)));
            values[o + 6] = Math.round(Math.exp(3.5 + l[6] + 0.4 * gaussian(random)));
            values[o + 7] = Math.min(1, Math.max(0, 0.3 + 0.25 * l[7] + 0.1 * gaussian(random)));
            values[o + 8] = Math.min(1, Math.max(-1, 0.3 * l[8] + 0.25 * gaussian(random)));
            values[o + 9] = random.nextDouble() < 0.5 + 0.45 * l[9] ? 1 : 0;
        }
        return new Matrix(n, d, values);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static int[] firstRows(int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String list(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.0f", value));
        }
        return text.toString();
    }
}
