package io.percept.cli;

import io.percept.analytics.recommend.Ease;
import io.percept.analytics.recommend.Interactions;
import io.percept.analytics.recommend.ItemSimilarity;
import io.percept.analytics.recommend.Recommender;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench recommend}: item-to-item recommendations at scale on seeded synthetic
 * purchases (users × items with a power-law item popularity and planted co-purchase clusters): the
 * time to fit the similarity model, and top-N for every user with the item-to-item recommender
 * against the raw baseline, the popularity top-N under the same exclusion, both on one thread
 * (users per second of thread CPU time, i.e. per core); then the same for EASE (ridge item-item
 * weights, the model of the Online Retail evaluation) over the {@code --ease-items} most popular items.
 */
@Command(name = "recommend", description = "Item-to-item recommendation throughput on seeded synthetic purchases: model fit time, "
        + "and top-N for every user on one thread against the popularity top-N (raw baseline).")
final class RecommendBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--users", defaultValue = "1000000", description = "Users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--items", defaultValue = "50000", description = "Items (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--mean-items", defaultValue = "10", paramLabel = "M", description = "Mean purchases per user (default: ${DEFAULT-VALUE})")
    int meanItems;

    @Option(names = "--zipf", defaultValue = "1.0", paramLabel = "S", description = "Item popularity ∝ 1 / rank^S (default: ${DEFAULT-VALUE})")
    double zipf;

    @Option(names = "--neighbours", defaultValue = "50", paramLabel = "K", description = "Neighbours kept per item (default: ${DEFAULT-VALUE})")
    int neighbours;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "Recommendations per user (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--ease-items", defaultValue = "3000", paramLabel = "N",
            description = "Items EASE regresses, the most popular first; 0 skips EASE (default: ${DEFAULT-VALUE})")
    int easeItems;

    /** Items of a planted cluster: a user buys half of their items from one cluster. */
    static final int CLUSTER = 50;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (users < 1 || items < CLUSTER || meanItems < 1 || top < 1 || neighbours < 1 || !(zipf > 0) || easeItems == 1 || easeItems < 0
                || easeItems > 20_000) {
            spec.commandLine().getErr().println("percept bench recommend: --users, --mean-items, --top, --neighbours and --zipf must be "
                    + "positive, --items at least " + CLUSTER + ", --ease-items 0 or 2 to 20000");
            return 2;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = System.nanoTime();
        Interactions data = generate();
        out.printf(Locale.ROOT, "%,d users x %,d items, %,d purchases (mean %.1f distinct per user), popularity ~ 1/rank^%.2f; generated in %.1f s%n",
                users, items, data.entries(), data.entries() / (double) users, zipf, (System.nanoTime() - started) / 1e9);

        ItemSimilarity.Options options = new ItemSimilarity.Options(neighbours, ItemSimilarity.Weighting.BINARY, 0.5, 5, 500);
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        ItemSimilarity.Model model = ItemSimilarity.fit(data, options);
        double fitWall = (System.nanoTime() - wall) / 1e9;
        double fitCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        long pairs = 0;
        for (int u = 0; u < users; u++) {
            long n = Math.min(data.size(u), options.maxUserItems());
            pairs += n * (n - 1);
        }
        out.printf(Locale.ROOT, "fit: %.1f s wall, %.1f s CPU (one thread); %,d co-occurrence updates (%.0f M/s); %,d neighbour entries%n",
                fitWall, fitCpu, pairs, pairs / fitCpu / 1e6, model.neighbours().length);

        Recommender recommender = new Recommender(model, Recommender.Options.excludingHistory());
        int[] result = new int[top];
        float[] scores = new float[top];
        long sink = 0;
        // warm-up on a slice, then alternate: baseline, item-to-item, baseline, item-to-item
        for (int u = 0; u < Math.min(users, 50_000); u++) {
            sink += recommender.popular(data.items(), data.start()[u], data.start()[u + 1], top, result);
            sink += recommender.recommendInto(data.items(), data.weights(), data.start()[u], data.start()[u + 1], top, result, scores);
        }
        double[] popularCpu = new double[2];
        double[] itemCpu = new double[2];
        double[] itemWall = new double[2];
        long personalised = 0;
        for (int round = 0; round < 2; round++) {
            cpu = threads.getCurrentThreadCpuTime();
            for (int u = 0; u < users; u++) {
                sink += recommender.popular(data.items(), data.start()[u], data.start()[u + 1], top, result) + result[0];
            }
            popularCpu[round] = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            cpu = threads.getCurrentThreadCpuTime();
            wall = System.nanoTime();
            personalised = 0;
            for (int u = 0; u < users; u++) {
                int n = recommender.recommendInto(data.items(), data.weights(), data.start()[u], data.start()[u + 1], top, result, scores);
                sink += n + result[0];
                personalised += scores[n - 1] > 0 ? 1 : 0;
            }
            itemWall[round] = (System.nanoTime() - wall) / 1e9;
            itemCpu[round] = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        }
        double popularRate = users / Math.min(popularCpu[0], popularCpu[1]);
        double itemRate = users / Math.min(itemCpu[0], itemCpu[1]);
        out.printf(Locale.ROOT, "popularity top-%d (raw baseline): %,12.0f users/s per core%n", top, popularRate);
        out.printf(Locale.ROOT, "item-to-item top-%d:              %,12.0f users/s per core (%,.0f wall); %.1f %% of users fully personalised%n",
                top, itemRate, users / Math.min(itemWall[0], itemWall[1]), 100.0 * personalised / users);
        double easeFitCpu = Double.NaN;
        double easeRate = Double.NaN;
        if (easeItems > 0) {
            Ease.Options easeOptions = new Ease.Options(200, ItemSimilarity.Weighting.BINARY, neighbours, 3, easeItems);
            cpu = threads.getCurrentThreadCpuTime();
            wall = System.nanoTime();
            Ease.Model ease = Ease.fit(data, easeOptions);
            double easeFitWall = (System.nanoTime() - wall) / 1e9;
            easeFitCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            out.printf(Locale.ROOT, "EASE fit (%,d items regressed, λ %.0f): %.1f s wall, %.1f s CPU (one thread); %,d kept weights%n",
                    ease.provenance().regressed(), easeOptions.l2(), easeFitWall, easeFitCpu, ease.neighbours().length);
            Recommender easeRecommender = new Recommender(ease, Recommender.Options.excludingHistory());
            double[] easeCpu = new double[2];
            for (int round = 0; round < 2; round++) {
                cpu = threads.getCurrentThreadCpuTime();
                for (int u = 0; u < users; u++) {
                    sink += easeRecommender.recommendInto(data.items(), data.weights(), data.start()[u], data.start()[u + 1], top, result, scores)
                            + result[0];
                }
                easeCpu[round] = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            }
            easeRate = users / Math.min(easeCpu[0], easeCpu[1]);
            out.printf(Locale.ROOT, "EASE top-%d:                      %,12.0f users/s per core%n", top, easeRate);
        }
        out.printf(Locale.ROOT, "users=%d items=%d purchases=%d fit_s_cpu=%.2f fit_s_wall=%.2f popular_users_per_s=%.0f item_users_per_s=%.0f "
                        + "ratio=%.3f all_users_s=%.2f ease_items=%d ease_fit_s_cpu=%.2f ease_users_per_s=%.0f%n", users, items, data.entries(), fitCpu,
                fitWall, popularRate, itemRate, itemRate / popularRate, users / itemRate, easeItems, easeFitCpu, easeRate);
        return sink == Long.MIN_VALUE ? 1 : 0;
    }

    /**
     * Users with 1 + a geometric number of purchases (mean {@code meanItems}); each purchase is, with
     * probability one half, an item of the user's cluster (chosen by the same power law), else any item
     * by the power law over a seeded shuffle of the items.
     */
    Interactions generate() {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cdf = new double[items];
        double sum = 0;
        for (int r = 0; r < items; r++) {
            sum += 1 / Math.pow(r + 1, zipf);
            cdf[r] = sum;
        }
        for (int r = 0; r < items; r++) {
            cdf[r] /= sum;
        }
        double[] clusterCdf = new double[CLUSTER];
        double clusterSum = 0;
        for (int r = 0; r < CLUSTER; r++) {
            clusterSum += 1 / Math.pow(r + 1, zipf);
            clusterCdf[r] = clusterSum;
        }
        for (int r = 0; r < CLUSTER; r++) {
            clusterCdf[r] /= clusterSum;
        }
        int[] byRank = new int[items];
        for (int i = 0; i < items; i++) {
            byRank[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = byRank[i];
            byRank[i] = byRank[j];
            byRank[j] = t;
        }
        int clusters = items / CLUSTER;
        Interactions.Builder builder = new Interactions.Builder(users, items);
        double stop = 1.0 / meanItems;
        for (int u = 0; u < users; u++) {
            int cluster = random.nextInt(clusters);
            do {
                int item = random.nextDouble() < 0.5 ? cluster * CLUSTER + draw(clusterCdf, random) : byRank[draw(cdf, random)];
                builder.add(u, item, 1f);
            } while (random.nextDouble() >= stop);
        }
        return builder.build();
    }

    private static int draw(double[] cdf, SplittableRandom random) {
        int at = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, at >= 0 ? at : -at - 1);
    }
}
