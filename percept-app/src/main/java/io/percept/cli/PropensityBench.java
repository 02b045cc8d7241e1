package io.percept.cli;

import io.percept.analytics.propensity.Calibration;
import io.percept.analytics.propensity.Classifier;
import io.percept.analytics.propensity.GradientBoostedTrees;
import io.percept.analytics.propensity.LogisticRegression;
import io.percept.analytics.propensity.Metrics;
import io.percept.analytics.propensity.Propensity;
import io.percept.analytics.propensity.PropensityModel;
import io.percept.analytics.propensity.Schema;
import io.percept.analytics.propensity.Table;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench propensity}: trains logistic regression and boosted trees (calibrated, as
 * {@link Propensity#train} does) on seeded synthetic profiles, then scores every profile on one
 * thread: the raw baseline (a dot product of each encoded row with one weight vector), each model
 * on the same encoded rows, and each model end to end from the columns (encoding included);
 * alternating rounds, medians of thread CPU time (per core) and of wall-clock time.
 */
@Command(name = "propensity", description = "Propensity scoring throughput on one thread: a dot product (raw baseline), logistic regression "
        + "and boosted trees on encoded rows, and end to end from the columns; training times too.")
final class PropensityBench implements Callable<Integer> {

    static final Schema SCHEMA = Schema.builder()
            .numeric("recency_days", "orders", "revenue", "tenure_days", "sessions_30d", "pages_per_session", "average_order_value",
                    "returns", "tickets_90d", "sentiment")
            .categorical("region", "channel", "tier", "device", "favourite_category").build();
    private static final String[] REGIONS = {"east", "south", "north", "west", "central", "overseas"};
    private static final String[] CHANNELS = {"web", "app", "store", "marketplace"};
    private static final String[] TIERS = {"basic", "silver", "gold"};
    private static final String[] DEVICES = {"ios", "android", "desktop"};
    private static final String[] CATEGORIES = {"phones", "audio", "wearables", "computers", "home"};

    @Spec
    CommandSpec spec;

    @Option(names = "--profiles", defaultValue = "1000000", paramLabel = "N", description = "Profiles to score (default: ${DEFAULT-VALUE})")
    int profiles;

    @Option(names = "--train", defaultValue = "100000", paramLabel = "N", description = "Of them, the first N train the models (default: ${DEFAULT-VALUE})")
    int train;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each variant; medians reported (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--explain", defaultValue = "100000", paramLabel = "N",
            description = "Profiles scored with their top 3 contributions, per model (0: skip; default: ${DEFAULT-VALUE})")
    int explain;

    @Option(names = "--seed", defaultValue = "42", description = "The synthetic profiles' seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (profiles < 1_000 || train < 500 || train > profiles || rounds < 1 || explain < 0) {
            spec.commandLine().getErr().println("percept bench propensity: need --profiles >= 1000, 500 <= --train <= --profiles, "
                    + "--rounds >= 1, --explain >= 0");
            return 2;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        Profiles data = profiles(profiles, seed);
        double generateSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        int[] first = new int[train];
        for (int i = 0; i < train; i++) {
            first[i] = i;
        }
        Table training = data.table().rows(first);
        boolean[] labels = Arrays.copyOf(data.labels(), train);

        Map<String, PropensityModel> models = new LinkedHashMap<>();
        Map<String, Double> trainSeconds = new LinkedHashMap<>();
        for (Propensity.Options options : List.of(Propensity.Options.logisticRegression(), Propensity.Options.gradientBoostedTrees())) {
            String name = options.algorithm() == Propensity.Algorithm.LOGISTIC_REGRESSION ? "lr" : "gbt";
            cpu = threads.getCurrentThreadCpuTime();
            models.put(name, Propensity.train(training, labels, options));
            trainSeconds.put(name, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
        }
        PropensityModel lr = models.get("lr");
        PropensityModel gbt = models.get("gbt");
        int width = lr.encoder().width();
        int trees = ((GradientBoostedTrees.Model) gbt.classifier()).trees();
        out.printf(Locale.ROOT, "%,d synthetic profiles (%d columns, %d encoded features; %.1f %% positive), generated in %.1f s; "
                        + "models trained on the first %,d; %d rounds of each, one thread%n", profiles, SCHEMA.size(), width,
                100 * Metrics.rate(data.labels()), generateSeconds, train, rounds);
        out.printf(Locale.ROOT, "training (CPU, calibration on 5 inner folds included): logistic regression %.2f s, boosted trees %.2f s (%d trees)%n",
                trainSeconds.get("lr"), trainSeconds.get("gbt"), trees);

        cpu = threads.getCurrentThreadCpuTime();
        double[][] x = lr.encoder().encode(data.table());
        double encodeSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        double[] weights = ((LogisticRegression.Model) lr.classifier()).coefficients();
        Classifier lrClassifier = lr.classifier();
        Classifier gbtClassifier = gbt.classifier();
        Calibration.Calibrator lrCalibrator = lr.calibrator();
        Calibration.Calibrator gbtCalibrator = gbt.calibrator();
        Map<String, ToDoubleFunction<double[]>> variants = new LinkedHashMap<>();
        variants.put("baseline", row -> {
            double sum = 0;
            for (int j = 0; j < weights.length; j++) {
                sum += weights[j] * row[j];
            }
            return sum;
        });
        variants.put("lr", row -> lrCalibrator.probability(lrClassifier.margin(row)));
        variants.put("gbt", row -> gbtCalibrator.probability(gbtClassifier.margin(row)));

        Map<String, double[]> perCore = new LinkedHashMap<>();
        Map<String, double[]> wall = new LinkedHashMap<>();
        for (String name : List.of("baseline", "lr", "gbt", "lr_end_to_end", "gbt_end_to_end")) {
            perCore.put(name, new double[rounds]);
            wall.put(name, new double[rounds]);
        }
        double sink = 0;
        for (ToDoubleFunction<double[]> variant : variants.values()) {
            for (int i = 0; i < Math.min(x.length, 50_000); i++) {
                sink += variant.applyAsDouble(x[i]);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, ToDoubleFunction<double[]>> variant : variants.entrySet()) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long started = System.nanoTime();
                ToDoubleFunction<double[]> score = variant.getValue();
                for (double[] row : x) {
                    sink += score.applyAsDouble(row);
                }
                wall.get(variant.getKey())[round] = (System.nanoTime() - started) / 1e9;
                perCore.get(variant.getKey())[round] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            }
            for (Map.Entry<String, PropensityModel> model : models.entrySet()) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long started = System.nanoTime();
                sink += model.getValue().probabilities(data.table())[profiles - 1];
                wall.get(model.getKey() + "_end_to_end")[round] = (System.nanoTime() - started) / 1e9;
                perCore.get(model.getKey() + "_end_to_end")[round] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            }
        }
        double baseline = profiles / median(perCore.get("baseline"));
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "profiles=%d features=%d gbt_trees=%d lr_train_s=%.2f gbt_train_s=%.2f",
                profiles, width, trees, trainSeconds.get("lr"), trainSeconds.get("gbt")));
        out.printf(Locale.ROOT, "encoding all profiles: %.2f s CPU (%,.0f profiles/s)%n", encodeSeconds, profiles / encodeSeconds);
        for (String name : perCore.keySet()) {
            double rate = profiles / median(perCore.get(name));
            out.printf(Locale.ROOT, "%-19s %,12.0f profiles/s per core (CPU time)  %5.2f x baseline  %,12.0f profiles/s wall  %6.2f s for all (CPU)%n",
                    name, rate, rate / baseline, profiles / median(wall.get(name)), median(perCore.get(name)));
            last.append(String.format(Locale.ROOT, " %s_per_core=%.0f", name, rate));
        }
        last.append(String.format(Locale.ROOT, " lr_ratio=%.3f gbt_ratio=%.3f lr_all_s=%.2f gbt_all_s=%.2f",
                profiles / median(perCore.get("lr")) / baseline, profiles / median(perCore.get("gbt")) / baseline,
                median(perCore.get("lr_end_to_end")), median(perCore.get("gbt_end_to_end"))));
        if (explain > 0) {
            int count = Math.min(explain, profiles);
            int[] rows = new int[count];
            for (int i = 0; i < count; i++) {
                rows[i] = profiles - count + i;
            }
            Table sample = data.table().rows(rows);
            Map<String, PropensityModel.Attribution> explained = new LinkedHashMap<>();
            explained.put("lr", PropensityModel.Attribution.SHAPLEY);
            explained.put("gbt", PropensityModel.Attribution.SHAPLEY);
            explained.put("gbt_path", PropensityModel.Attribution.PATH);
            for (Map.Entry<String, PropensityModel.Attribution> variant : explained.entrySet()) {
                PropensityModel model = models.get(variant.getKey().startsWith("gbt") ? "gbt" : "lr");
                long cpuStart = threads.getCurrentThreadCpuTime();
                List<PropensityModel.Score> scores = model.score(sample, 3, variant.getValue());
                double seconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                sink += scores.get(count - 1).probability();
                out.printf(Locale.ROOT, "%-19s %,12.0f profiles/s per core with the top 3 contributions (%s, %,d profiles)%n",
                        variant.getKey() + "_explained", count / seconds, variant.getValue() == PropensityModel.Attribution.PATH
                                ? "path attribution" : variant.getKey().equals("lr") ? "coefficient x value" : "TreeSHAP", count);
                last.append(String.format(Locale.ROOT, " %s_explained_per_core=%.0f", variant.getKey(), count / seconds));
            }
        }
        if (profiles - train >= 100) {
            int[] rest = new int[profiles - train];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = train + i;
            }
            boolean[] restLabels = Arrays.copyOfRange(data.labels(), train, profiles);
            Table others = data.table().rows(rest);
            out.printf(Locale.ROOT, "AUC on the %,d profiles not trained on: logistic regression %.4f, boosted trees %.4f%n", rest.length,
                    Metrics.auc(lr.margins(others), restLabels), Metrics.auc(gbt.margins(others), restLabels));
        }
        out.println(last);
        return sink == Double.MAX_VALUE ? 1 : 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    record Profiles(Table table, boolean[] labels) {
    }

    /**
     * Seeded customer-like profiles: skewed activity numbers, a sentiment missing for a fifth and
     * ticket counts missing for 5 %, five categorical columns; the target (say, a purchase in the
     * next 30 days) leans on recency, orders, sessions, sentiment, tier, channel and a tier-by-recency
     * interaction.
     */
    static Profiles profiles(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] numbers = new double[10][n];
        String[][] levels = new String[5][n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            double recency = Math.floor(-60 * Math.log(1 - random.nextDouble()));
            double orders = Math.floor(-3 * Math.log(1 - random.nextDouble()));
            double aov = 50 + Math.floor(-200 * Math.log(1 - random.nextDouble()));
            double sessions = Math.floor(-8 * Math.log(1 - random.nextDouble()));
            String tier = TIERS[random.nextDouble() < 0.6 ? 0 : random.nextDouble() < 0.7 ? 1 : 2];
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            double sentiment = random.nextDouble() < 0.2 ? Double.NaN : Math.tanh(random.nextDouble() * 2 - 0.6);
            numbers[0][i] = recency;
            numbers[1][i] = orders;
            numbers[2][i] = orders * aov;
            numbers[3][i] = Math.floor(random.nextDouble() * 1_500);
            numbers[4][i] = sessions;
            numbers[5][i] = 1 + random.nextDouble() * 9;
            numbers[6][i] = aov;
            numbers[7][i] = Math.floor(orders * random.nextDouble() * 0.3);
            numbers[8][i] = random.nextDouble() < 0.05 ? Double.NaN : Math.floor(-0.7 * Math.log(1 - random.nextDouble()));
            numbers[9][i] = sentiment;
            levels[0][i] = REGIONS[random.nextInt(REGIONS.length)];
            levels[1][i] = channel;
            levels[2][i] = tier;
            levels[3][i] = DEVICES[random.nextInt(DEVICES.length)];
            levels[4][i] = CATEGORIES[random.nextInt(CATEGORIES.length)];
            double margin = -1.6 - 0.015 * recency + 0.25 * Math.min(orders, 8) + 0.08 * Math.min(sessions, 20)
                    + (Double.isNaN(sentiment) ? 0 : 0.6 * sentiment) + (tier.equals("gold") ? 0.8 - 0.01 * recency : tier.equals("silver") ? 0.3 : 0)
                    + (channel.equals("app") ? 0.3 : 0);
            labels[i] = random.nextDouble() < Classifier.sigmoid(margin);
        }
        List<Object> columns = new ArrayList<>();
        columns.addAll(Arrays.asList((Object[]) numbers));
        columns.addAll(Arrays.asList((Object[]) levels));
        return new Profiles(new Table(SCHEMA, n, columns), labels);
    }
}
