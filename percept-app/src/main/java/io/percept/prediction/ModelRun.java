package io.percept.prediction;

import io.percept.analytics.cluster.ClusterProfile;
import io.percept.analytics.cluster.Feature;
import io.percept.analytics.cluster.KSelection;
import io.percept.analytics.cluster.Matrix;
import io.percept.analytics.cluster.Segmentation;
import io.percept.analytics.clv.BgNbd;
import io.percept.analytics.clv.Clv;
import io.percept.analytics.clv.CustomerSummaries;
import io.percept.analytics.clv.FitOptions;
import io.percept.analytics.clv.GammaGamma;
import io.percept.analytics.propensity.CrossValidation;
import io.percept.analytics.propensity.Metrics;
import io.percept.analytics.propensity.Propensity;
import io.percept.analytics.propensity.PropensityModel;
import io.percept.analytics.propensity.Table;
import io.percept.analytics.recommend.AssociationRules;
import io.percept.analytics.recommend.Ease;
import io.percept.analytics.recommend.FpGrowth;
import io.percept.analytics.recommend.Interactions;
import io.percept.analytics.recommend.ItemSimilarity;
import io.percept.analytics.recommend.Popularity;
import io.percept.analytics.recommend.Recommender;
import io.percept.analytics.recommend.ShoppingPatterns;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One run of the customer models over the order history: CLV and P(alive), propensities, clusters
 * with their characteristics, recommendations, bundles and shopping patterns. Pure computation
 * over its inputs (the store reads and writes happen around it in {@link Predictions}); each step
 * that cannot run on the data (too few customers, one class only) says why in its document
 * instead of failing the run.
 */
final class ModelRun {

    /** Current facts of each customer (by customer index) that the order history does not hold. */
    record Facts(String[] region, double[] events, double[] refunds, double[] complaints, double[] sentiment, boolean[] appUser) {

        /** Facts for {@code n} customers, all unknown (null, 0, false) until filled in. */
        static Facts of(int n) {
            return new Facts(new String[n], new double[n], new double[n], new double[n], new double[n], new boolean[n]);
        }
    }

    /** A stored result: its kind ({@code clv}, {@code propensity}, ...), the series within it, and a JSON-ready body. */
    record Document(String kind, String series, Map<String, Object> body) {
    }

    /** What a run produced. */
    record Output(ScoreBoard scores, List<Document> documents, Map<String, Object> summary) {
    }

    private static final int MIN_CUSTOMERS = 20;
    /** The CLV horizon is discounted in this many slices (monthly for a year). */
    private static final int CLV_SLICES = 12;
    /** EASE with at most 2,000 products regressed (cubic cost: ~2-4 s; the rest get popularity and trend). */
    static final Ease.Options EASE = new Ease.Options(200, ItemSimilarity.Weighting.RAW, 100, 3, 2_000);
    static final double ENTRY_HALF_LIFE_DAYS = 180;
    static final double TREND_HALF_LIFE_DAYS = 15;
    static final float TREND_WEIGHT = 0.3f;
    /** Propensity examples beyond this are sampled (seeded, stratified): the cost of training is bounded whatever the customer count. */
    static final int PROPENSITY_SAMPLE = 50_000;
    private static final int MIN_CLASS = 10;

    private final PredictionSettings settings;
    private final CustomerHistory history;
    private final Facts facts;
    private final long asOfMicros;
    private final ZoneId zone;
    private final Consumer<String> progress;
    private final List<Document> documents = new ArrayList<>();
    /** Each customer's churn drivers: lines of column, value and effect on the churn log-odds, tab-separated; null when unscored. */
    private final String[] churnDrivers;
    /** Drivers kept per customer. */
    static final int DRIVERS = 3;
    private final Map<String, Object> summary = new LinkedHashMap<>();

    ModelRun(PredictionSettings settings, CustomerHistory history, Facts facts, long asOfMicros, ZoneId zone, Consumer<String> progress) {
        this.settings = settings;
        this.history = history;
        this.facts = facts;
        this.asOfMicros = asOfMicros;
        this.zone = zone;
        this.progress = progress;
        this.churnDrivers = new String[history.customers()];
    }

    Output run(long runId) {
        int n = history.customers();
        float[] expected = filled(n, Float.NaN);
        float[] alive = filled(n, Float.NaN);
        float[] value = filled(n, Float.NaN);
        float[] churn = filled(n, Float.NaN);
        int[] cluster = new int[n];
        Arrays.fill(cluster, -1);
        summary.put("customers", n);
        summary.put("orders", history.purchases.orders());
        summary.put("asOf", Instant.EPOCH.plus(asOfMicros, ChronoUnit.MICROS).toString());
        long started = System.nanoTime();
        progress.accept("lifetime value");
        lifetimeValue(expected, alive, value);
        summary.put("clvSeconds", seconds(started));
        started = System.nanoTime();
        progress.accept("churn propensity");
        float[] p = propensity("churn", -1, settings.churnHorizon().toDays(), null);
        if (p != null) {
            for (int c = 0; c < n; c++) {
                churn[c] = Float.isNaN(p[c]) ? Float.NaN : 1 - p[c];
            }
        }
        List<String> targets = new ArrayList<>();
        List<float[]> propensities = new ArrayList<>();
        for (PredictionSettings.Target target : settings.targets()) {
            progress.accept("propensity " + target.name());
            int category = target.category() == null ? -1 : history.purchases.categories.indexOf(target.category());
            float[] scores = target.category() != null && category < 0 ? null : propensity(target.name(), category, target.horizon().toDays(),
                    target.trigger());
            if (target.category() != null && category < 0) {
                documents.add(new Document("propensity", target.name(), Map.of("target", target.name(), "skipped",
                        "no order has the category '" + target.category() + "'")));
            }
            targets.add(target.name());
            propensities.add(scores == null ? filled(n, Float.NaN) : scores);
        }
        summary.put("propensitySeconds", seconds(started));
        started = System.nanoTime();
        progress.accept("clusters");
        List<String[]> names = clusters(cluster);
        summary.put("clusterSeconds", seconds(started));
        started = System.nanoTime();
        progress.accept("recommendations");
        String[][] recommended = recommendations();
        summary.put("recommendSeconds", seconds(started));
        started = System.nanoTime();
        progress.accept("bundles and patterns");
        bundles();
        patterns(cluster, names);
        summary.put("bundleSeconds", seconds(started));
        ScoreBoard board = new ScoreBoard(runId, history.profiles, expected, alive, value, churn, cluster, names, targets,
                propensities.toArray(float[][]::new), recommended, churnDrivers);
        return new Output(board, List.copyOf(documents), summary);
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e6) / 1e3;
    }

    private static float[] filled(int n, float value) {
        float[] values = new float[n];
        Arrays.fill(values, value);
        return values;
    }

    // ---- CLV

    private void lifetimeValue(float[] expected, float[] alive, float[] value) {
        Purchases purchases = history.purchases;
        int orders = purchases.orders();
        long[] day = new long[orders];
        for (int o = 0; o < orders; o++) {
            day[o] = history.day(purchases.micros[o]);
        }
        long today = history.day(asOfMicros);
        double unit = settings.timeUnit().days();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeUnit", settings.timeUnit().name().toLowerCase());
        body.put("horizonDays", settings.clvHorizon().toDays());
        body.put("annualDiscountRate", settings.annualDiscountRate());
        if (history.customers() < MIN_CUSTOMERS) {
            body.put("skipped", "fewer than " + MIN_CUSTOMERS + " customers with orders (" + history.customers() + ")");
            documents.add(new Document("clv", "", body));
            return;
        }
        CustomerSummaries summaries = CustomerSummaries.of(history.customerOf, day, purchases.amount, history.customers(),
                new CustomerSummaries.Options(unit, today, today));
        BgNbd.Model model = BgNbd.fit(summaries.frequency(), summaries.recency(), summaries.age(), new FitOptions(3, 500, settings.seed()));
        GammaGamma.Model spend = null;
        int repeaters = 0;
        for (double x : summaries.frequency()) {
            repeaters += x > 0 ? 1 : 0;
        }
        if (repeaters >= MIN_CUSTOMERS) {
            double[] x = new double[repeaters];
            double[] m = new double[repeaters];
            int j = 0;
            for (int i = 0; i < summaries.size(); i++) {
                if (summaries.frequency()[i] > 0 && summaries.meanSpend()[i] > 0) {
                    x[j] = summaries.frequency()[i];
                    m[j++] = summaries.meanSpend()[i];
                }
            }
            spend = GammaGamma.fit(Arrays.copyOf(x, j), Arrays.copyOf(m, j), new FitOptions(3, 500, settings.seed()));
        }
        double horizon = settings.clvHorizon().toDays() / unit;
        double rate = Clv.ratePerUnit(settings.annualDiscountRate(), unit);
        double meanSpend = meanOrderValue(purchases);
        double[] clvs = new double[summaries.size()];
        double[] alives = new double[summaries.size()];
        for (int i = 0; i < summaries.size(); i++) {
            int c = summaries.customer()[i];
            double x = summaries.frequency()[i];
            double tx = summaries.recency()[i];
            double t = summaries.age()[i];
            expected[c] = (float) model.expectedPurchases(horizon, x, tx, t);
            alive[c] = (float) model.probabilityAlive(x, tx, t);
            double perPurchase = spend != null ? spend.expectedSpend(x, Double.isNaN(summaries.meanSpend()[i]) ? 0 : summaries.meanSpend()[i])
                    : meanSpend;
            value[c] = (float) Clv.value(model, perPurchase, x, tx, t, horizon, rate, CLV_SLICES);
            clvs[i] = value[c];
            alives[i] = alive[c];
        }
        BgNbd.Parameters parameters = model.parameters();
        body.put("bgnbd", Map.of("r", parameters.r(), "alpha", parameters.alpha(), "a", parameters.a(), "b", parameters.b(),
                "logLikelihood", model.logLikelihood(), "converged", model.converged(), "customers", summaries.size(),
                "fingerprint", Long.toHexString(model.provenance().fingerprint())));
        if (spend != null) {
            body.put("gammaGamma", Map.of("p", spend.parameters().p(), "q", spend.parameters().q(), "gamma", spend.parameters().gamma(),
                    "converged", spend.converged(), "customers", spend.provenance().customers()));
        } else {
            body.put("gammaGamma", Map.of("skipped", "fewer than " + MIN_CUSTOMERS + " repeat customers; CLV uses the mean order value "
                    + round(meanSpend, 100)));
        }
        body.put("clv", quantiles(clvs));
        body.put("pAlive", quantiles(alives));
        body.put("expectedPopulationPurchases", model.expectedPopulationPurchases(horizon));
        documents.add(new Document("clv", "", body));
        summary.put("clvCustomers", summaries.size());
    }

    private static double meanOrderValue(Purchases purchases) {
        double sum = 0;
        for (double amount : purchases.amount) {
            sum += amount;
        }
        return purchases.orders() == 0 ? 0 : sum / purchases.orders();
    }

    private static Map<String, Object> quantiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Object> q = new LinkedHashMap<>();
        if (sorted.length == 0) {
            return q;
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        q.put("mean", round(sum / sorted.length, 1_000));
        for (int p : new int[] {10, 25, 50, 75, 90, 99}) {
            q.put("p" + p, round(sorted[Math.min(sorted.length - 1, (int) Math.floor(p / 100.0 * sorted.length))], 1_000));
        }
        return q;
    }

    static double round(double value, double scale) {
        return Double.isFinite(value) ? Math.round(value * scale) / scale : value;
    }

    // ---- propensity

    /**
     * Trains "orders (in {@code category}) within {@code horizonDays}" point in time: without a
     * trigger, on the customers known at {@code asOf − horizon} (features then, outcome after); with
     * one, on every trigger event whose window has closed (features at the event, outcome in the
     * horizon after it). Logistic regression and gradient-boosted trees are evaluated by 5-fold
     * cross-validation, the one with the higher AUC is kept and scores every customer on today's
     * features. Null when the data cannot support a model.
     */
    private float[] propensity(String name, int category, long horizonDays, String trigger) {
        long horizon = horizonDays * CustomerHistory.DAY_MICROS;
        long cutoff = asOfMicros - horizon;
        int n = history.customers();
        int[] known = new int[Math.max(n, 16)];
        long[] moments = new long[known.length];
        boolean[] y = new boolean[known.length];
        int count = 0;
        if (trigger == null) {
            for (int c = 0; c < n; c++) {
                if (history.orderedBy(c, cutoff)) {
                    known[count] = c;
                    moments[count] = cutoff;
                    y[count++] = history.orderedBetween(c, cutoff, asOfMicros, category);
                }
            }
        } else {
            Purchases purchases = history.purchases;
            int triggerIndex = purchases.triggerNames.indexOf(trigger);
            for (int e = 0; e < purchases.triggerProfile.length; e++) {
                int c = history.customer(purchases.triggerProfile[e]);
                long at = purchases.triggerMicros[e];
                if (purchases.triggerName[e] != triggerIndex || c < 0 || at > cutoff) {
                    continue;
                }
                if (count == known.length) {
                    known = Arrays.copyOf(known, count * 2);
                    moments = Arrays.copyOf(moments, count * 2);
                    y = Arrays.copyOf(y, count * 2);
                }
                known[count] = c;
                moments[count] = at;
                y[count++] = history.orderedBetween(c, at, at + horizon, category);
            }
        }
        known = Arrays.copyOf(known, count);
        moments = Arrays.copyOf(moments, count);
        y = Arrays.copyOf(y, count);
        int positives = 0;
        for (boolean outcome : y) {
            positives += outcome ? 1 : 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", name);
        body.put("definition", (name.equals("churn") ? "churn risk = 1 − P(any order" : "P(order" + (category >= 0
                ? " in " + history.purchases.categories.get(category) : "")) + " within " + horizonDays + " days"
                + (trigger == null ? ")" : " of '" + trigger + "')"));
        body.put("trainedAsOf", Instant.EPOCH.plus(cutoff, ChronoUnit.MICROS).toString());
        if (trigger != null) {
            body.put("trigger", trigger);
        }
        body.put("examples", count);
        body.put("positives", positives);
        if (positives < MIN_CLASS || count - positives < MIN_CLASS) {
            body.put("skipped", "needs at least " + MIN_CLASS + " " + (trigger == null ? "customers" : "'" + trigger + "' events")
                    + " with and without the outcome; had " + positives + " and " + (count - positives));
            documents.add(new Document("propensity", name, body));
            return null;
        }
        if (count > PROPENSITY_SAMPLE) {
            SplittableRandom random = new SplittableRandom(settings.seed());
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (random.nextInt(count) < PROPENSITY_SAMPLE) {
                    known[kept] = known[i];
                    moments[kept] = moments[i];
                    y[kept++] = y[i];
                }
            }
            known = Arrays.copyOf(known, kept);
            moments = Arrays.copyOf(moments, kept);
            y = Arrays.copyOf(y, kept);
            body.put("sampled", kept);
        }
        Table examples = history.features(known, moments, facts.region(), category);
        int[] folds = CrossValidation.stratifiedFolds(y, 5, settings.seed());
        int[] trainRows = CrossValidation.training(folds, 0);
        int[] testRows = CrossValidation.test(folds, 0);
        Table training = examples.rows(trainRows);
        Table test = examples.rows(testRows);
        boolean[] trainY = select(y, trainRows);
        boolean[] testY = select(y, testRows);
        Propensity.Options logistic = Propensity.Options.logisticRegression();
        Propensity.Options trees = Propensity.Options.gradientBoostedTrees();
        double aucLogistic = Metrics.auc(Propensity.trainUncalibrated(training, trainY, logistic).margins(test), testY);
        double aucTrees = Metrics.auc(Propensity.trainUncalibrated(training, trainY, trees).margins(test), testY);
        boolean useTrees = aucTrees > aucLogistic;
        PropensityModel model = Propensity.train(training, trainY, useTrees ? trees : logistic);
        double[] held = model.probabilities(test);
        body.put("model", useTrees ? "gradient-boosted trees" : "logistic regression");
        body.put("evaluation", "trained on 80 % of the examples, measured on the other 20 % (stratified, seeded)");
        body.put("aucLogistic", round(aucLogistic, 10_000));
        body.put("aucTrees", round(aucTrees, 10_000));
        body.put("auc", round(Metrics.auc(held, testY), 10_000));
        body.put("brier", round(Metrics.brier(held, testY), 10_000));
        List<Map<String, Object>> lift = new ArrayList<>();
        for (Metrics.LiftRow row : Metrics.liftTable(held, testY, 10)) {
            lift.add(Map.of("decile", row.group(), "customers", row.count(), "positives", row.positives(), "rate", round(row.rate(), 10_000),
                    "lift", round(row.lift(), 1_000), "cumulativeGain", round(row.cumulativeGain(), 10_000)));
        }
        body.put("lift", lift);
        List<Map<String, Object>> calibration = new ArrayList<>();
        for (Metrics.CalibrationBin bin : Metrics.calibrationTable(held, testY, 10)) {
            calibration.add(Map.of("group", bin.group(), "customers", bin.count(), "predicted", round(bin.meanPredicted(), 10_000), "observed",
                    round(bin.observed(), 10_000)));
        }
        body.put("calibration", calibration);
        List<Map<String, Object>> importance = new ArrayList<>();
        for (PropensityModel.Importance entry : model.importance(training)) {
            importance.add(Map.of("feature", entry.column(), "meanAbsoluteLogOdds", round(entry.meanAbsolute(), 10_000)));
        }
        body.put("importance", importance);
        int[] everyone = new int[n];
        for (int c = 0; c < n; c++) {
            everyone[c] = c;
        }
        Table now = history.features(everyone, asOfMicros, facts.region(), category);
        double[] probabilities;
        if (name.equals("churn")) {
            // every customer's three strongest drivers of churn risk (path attribution for trees: cheap enough for all)
            List<PropensityModel.Score> scored = model.score(now, DRIVERS, PropensityModel.Attribution.PATH);
            probabilities = new double[n];
            for (int c = 0; c < n; c++) {
                PropensityModel.Score score = scored.get(c);
                probabilities[c] = score.probability();
                StringBuilder drivers = new StringBuilder();
                for (PropensityModel.Contribution contribution : score.contributions()) {
                    drivers.append(drivers.isEmpty() ? "" : "\n").append(contribution.column()).append('\t').append(contribution.value())
                            .append('\t').append(round(-contribution.logOdds(), 1_000));
                }
                churnDrivers[c] = drivers.toString();
            }
        } else {
            probabilities = model.probabilities(now);
        }
        float[] scores = new float[n];
        for (int c = 0; c < n; c++) {
            scores[c] = (float) probabilities[c];
        }
        List<Map<String, Object>> explainedTop = new ArrayList<>();
        int[] top = topIndexes(probabilities, 5, name.equals("churn"));
        List<PropensityModel.Score> explained = model.score(now.rows(top), 3);
        for (int i = 0; i < top.length; i++) {
            List<Map<String, Object>> contributions = new ArrayList<>();
            for (PropensityModel.Contribution contribution : explained.get(i).contributions()) {
                contributions.add(Map.of("feature", contribution.column(), "value", String.valueOf(contribution.value()), "logOdds",
                        round(contribution.logOdds(), 10_000)));
            }
            explainedTop.add(Map.of("profile", history.profiles[top[i]], "probability", round(probabilities[top[i]], 10_000), "contributions",
                    contributions));
        }
        body.put(name.equals("churn") ? "leastLikelyToOrder" : "mostLikely", explainedTop);
        documents.add(new Document("propensity", name, body));
        return scores;
    }

    private static boolean[] select(boolean[] values, int[] rows) {
        boolean[] selected = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = values[rows[i]];
        }
        return selected;
    }

    /** The indexes of the {@code k} largest values (smallest when {@code lowest}), best first; ties by index. */
    static int[] topIndexes(double[] values, int k, boolean lowest) {
        int[] top = new int[Math.min(k, values.length)];
        int size = 0;
        for (int i = 0; i < values.length && top.length > 0; i++) {
            double value = lowest ? -values[i] : values[i];
            if (size == top.length && !(value > (lowest ? -values[top[size - 1]] : values[top[size - 1]]))) {
                continue;
            }
            int at = size == top.length ? size - 1 : size++;
            while (at > 0 && value > (lowest ? -values[top[at - 1]] : values[top[at - 1]])) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        return top;
    }

    // ---- clusters

    private List<String[]> clusters(int[] assignment) {
        int n = history.customers();
        Map<String, Object> body = new LinkedHashMap<>();
        if (n < Math.max(MIN_CUSTOMERS, settings.kMax() * 5)) {
            body.put("skipped", "fewer than " + Math.max(MIN_CUSTOMERS, settings.kMax() * 5) + " customers with orders (" + n + ")");
            documents.add(new Document("clusters", "", body));
            return List.of();
        }
        int[] everyone = new int[n];
        for (int c = 0; c < n; c++) {
            everyone[c] = c;
        }
        Table now = history.features(everyone, asOfMicros, facts.region(), -1);
        List<Feature> features = Feature.standard("recencyDays", "frequency", "monetary", "averageOrderValue", "tenureDays", "categories",
                "events", "refunds", "complaints", "sentiment");
        List<Feature> withApp = new ArrayList<>(features);
        withApp.add(Feature.standard("appUser"));
        double[] data = new double[n * withApp.size()];
        String[] numeric = {"recencyDays", "frequency", "monetary", "averageOrderValue", "tenureDays", "categories"};
        for (int f = 0; f < numeric.length; f++) {
            double[] column = now.numeric(numeric[f]);
            for (int c = 0; c < n; c++) {
                data[c * withApp.size() + f] = column[c];
            }
        }
        double[][] extra = {facts.events(), facts.refunds(), facts.complaints(), facts.sentiment()};
        for (int f = 0; f < extra.length; f++) {
            for (int c = 0; c < n; c++) {
                data[c * withApp.size() + numeric.length + f] = extra[f][c];
            }
        }
        for (int c = 0; c < n; c++) {
            data[c * withApp.size() + withApp.size() - 1] = facts.appUser()[c] ? 1 : 0;
        }
        Matrix matrix = new Matrix(n, withApp.size(), data);
        Segmentation.Options options = Segmentation.Options.defaults().withRange(settings.kMin(), settings.kMax()).withSeed(settings.seed());
        Segmentation.Result result = Segmentation.run(matrix, withApp, options);
        System.arraycopy(result.assignments(), 0, assignment, 0, n);
        List<String[]> names = new ArrayList<>();
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (ClusterProfile profile : result.profiles()) {
            names.add(new String[] {profile.label().zh(), profile.label().en()});
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("cluster", profile.cluster());
            cluster.put("nameZh", profile.label().zh());
            cluster.put("name", profile.label().en());
            cluster.put("size", profile.size());
            cluster.put("share", round(profile.share(), 10_000));
            List<Map<String, Object>> featureRows = new ArrayList<>();
            for (ClusterProfile.FeatureProfile feature : profile.features()) {
                featureRows.add(Map.of("feature", feature.feature().name(), "labelZh", feature.feature().label().zh(), "label",
                        feature.feature().label().en(), "mean", round(feature.mean(), 1_000), "populationMean", round(feature.populationMean(), 1_000),
                        "standardisedDifference", round(feature.smdPopulation(), 1_000), "lift", round(feature.lift(), 1_000)));
            }
            cluster.put("features", featureRows);
            clusters.add(cluster);
        }
        List<Map<String, Object>> scores = new ArrayList<>();
        for (KSelection.Score score : result.scores()) {
            scores.add(Map.of("k", score.k(), "silhouette", round(score.silhouette(), 10_000)));
        }
        body.put("k", result.k());
        body.put("customers", n);
        body.put("silhouette", scores);
        body.put("clusters", clusters);
        documents.add(new Document("clusters", "", body));
        summary.put("clusters", result.k());
        return names;
    }

    // ---- recommendations

    private String[][] recommendations() {
        Purchases purchases = history.purchases;
        int n = history.customers();
        String[][] recommended = new String[n][];
        int items = purchases.products.size();
        if (items == 0) {
            return recommended;
        }
        // EASE (Steck 2019) on recency-decayed purchases (and views at a quarter), blended with what
        // sells now: the options chosen on Online Retail's validation baskets (docs/models.md)
        Interactions.Builder builder = new Interactions.Builder(n, items);
        int lines = purchases.lineStart[purchases.orders()];
        int[] soldItems = new int[lines];
        double[] soldAge = new double[lines];
        for (int o = 0; o < purchases.orders(); o++) {
            int c = history.customerOf[o];
            double ageDays = Math.max(0, (asOfMicros - purchases.micros[o]) / (double) CustomerHistory.DAY_MICROS);
            float decay = (float) Math.pow(0.5, ageDays / ENTRY_HALF_LIFE_DAYS);
            for (int l = purchases.lineStart[o]; l < purchases.lineStart[o + 1]; l++) {
                builder.add(c, purchases.lineProduct[l], decay);
                soldItems[l] = purchases.lineProduct[l];
                soldAge[l] = ageDays;
            }
        }
        int views = 0;
        for (int v = 0; v < purchases.viewProfile.length; v++) {
            int c = history.customer(purchases.viewProfile[v]);
            if (c >= 0) {
                builder.add(c, purchases.viewProduct[v], 0.25f);
                views++;
            }
        }
        Interactions data = builder.build();
        Ease.Model model = Ease.fit(data, EASE);
        float[] trend = Popularity.recent(items, soldItems, soldAge, TREND_HALF_LIFE_DAYS);
        Recommender recommender = new Recommender(model, Recommender.Options.excludingHistory().withTrend(TREND_WEIGHT), trend);
        int top = settings.recommendations();
        int[] out = new int[top];
        float[] scores = new float[top];
        int personalised = 0;
        for (int c = 0; c < n; c++) {
            int found = recommender.recommendInto(data.items(), data.weights(), data.start()[c], data.start()[c + 1], top, out, scores);
            String[] products = new String[found];
            for (int i = 0; i < found; i++) {
                products[i] = purchases.products.get(out[i]);
            }
            recommended[c] = products;
            personalised += found > 0 && scores[0] > 0 ? 1 : 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithm", model.provenance().algorithm());
        body.put("options", String.valueOf(model.provenance().options()));
        body.put("regressedProducts", model.provenance().regressed());
        body.put("entryHalfLifeDays", ENTRY_HALF_LIFE_DAYS);
        body.put("trendHalfLifeDays", TREND_HALF_LIFE_DAYS);
        body.put("trendWeight", round(TREND_WEIGHT, 100));
        body.put("customers", n);
        body.put("products", items);
        body.put("views", views);
        body.put("personalised", personalised);
        int[] popular = model.popularityOrder();
        List<String> topProducts = new ArrayList<>();
        for (int i = 0; i < Math.min(20, popular.length); i++) {
            topProducts.add(purchases.products.get(popular[i]));
        }
        body.put("popular", topProducts);
        documents.add(new Document("recommendations", "", body));
        return recommended;
    }

    // ---- bundles and patterns

    /** Days within which one customer's orders form one basket when orders hold a single product each. */
    static final int CUSTOMER_BASKET_DAYS = 30;

    /**
     * Frequent itemsets and association rules over baskets: the orders' products when enough orders
     * hold more than one product (5 %), else each customer's products bought within
     * {@value #CUSTOMER_BASKET_DAYS} days of the basket's first order (what is bought together across
     * orders: a phone, then its watch).
     */
    private void bundles() {
        Purchases purchases = history.purchases;
        int multi = 0;
        for (int o = 0; o < purchases.orders(); o++) {
            multi += distinct(purchases.lineProduct, purchases.lineStart[o], purchases.lineStart[o + 1]).length > 1 ? 1 : 0;
        }
        boolean byOrder = multi >= Math.max(MIN_CUSTOMERS, purchases.orders() / 20);
        List<int[]> baskets = new ArrayList<>();
        if (byOrder) {
            for (int o = 0; o < purchases.orders(); o++) {
                baskets.add(distinct(purchases.lineProduct, purchases.lineStart[o], purchases.lineStart[o + 1]));
            }
        } else {
            long window = CUSTOMER_BASKET_DAYS * CustomerHistory.DAY_MICROS;
            for (int c = 0; c < history.customers(); c++) {
                int i = history.start[c];
                while (i < history.start[c + 1]) {
                    long opened = purchases.micros[history.ordered[i]];
                    List<Integer> products = new ArrayList<>();
                    for (; i < history.start[c + 1] && purchases.micros[history.ordered[i]] - opened <= window; i++) {
                        int o = history.ordered[i];
                        for (int l = purchases.lineStart[o]; l < purchases.lineStart[o + 1]; l++) {
                            products.add(purchases.lineProduct[l]);
                        }
                    }
                    baskets.add(products.stream().mapToInt(Integer::intValue).distinct().sorted().toArray());
                }
            }
        }
        int multiBaskets = 0;
        for (int[] basket : baskets) {
            multiBaskets += basket.length > 1 ? 1 : 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("basis", byOrder ? "orders" : "customer baskets of " + CUSTOMER_BASKET_DAYS + " days");
        body.put("orders", purchases.orders());
        body.put("multiProductOrders", multi);
        body.put("baskets", baskets.size());
        body.put("minSupport", settings.bundleSupport());
        body.put("minConfidence", settings.bundleConfidence());
        if (multiBaskets < MIN_CUSTOMERS) {
            body.put("skipped", "fewer than " + MIN_CUSTOMERS + " baskets with more than one product (" + multiBaskets + ")");
            body.put("rules", List.of());
            body.put("bundles", List.of());
            documents.add(new Document("bundles", "", body));
            return;
        }
        FpGrowth.Result frequent = FpGrowth.mine(baskets.toArray(int[][]::new), new FpGrowth.Options(2, settings.bundleSupport(), 3));
        List<AssociationRules.Rule> rules = new ArrayList<>(AssociationRules.rules(frequent,
                new AssociationRules.Options(settings.bundleConfidence(), 1.0, 1)));
        rules.sort(Comparator.comparingDouble(AssociationRules.Rule::lift).reversed());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AssociationRules.Rule rule : rules.subList(0, Math.min(200, rules.size()))) {
            rows.add(Map.of("antecedent", names(rule.antecedent()), "consequent", names(rule.consequent()), "baskets", rule.count(), "support",
                    round(rule.support(), 100_000), "confidence", round(rule.confidence(), 10_000), "lift", round(rule.lift(), 1_000)));
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        List<AssociationRules.Bundle> bundles = new ArrayList<>(AssociationRules.bundles(frequent, 2, 1.0));
        bundles.sort(Comparator.comparingDouble(AssociationRules.Bundle::lift).reversed());
        for (AssociationRules.Bundle bundle : bundles.subList(0, Math.min(100, bundles.size()))) {
            sets.add(Map.of("products", names(bundle.items()), "baskets", bundle.count(), "support", round(bundle.support(), 100_000), "lift",
                    round(bundle.lift(), 1_000)));
        }
        body.put("frequentItemsets", frequent.itemsets().size());
        body.put("rules", rows);
        body.put("bundles", sets);
        documents.add(new Document("bundles", "", body));
        summary.put("bundleRules", rules.size());
    }

    private static int[] distinct(int[] values, int from, int to) {
        return Arrays.stream(values, from, to).distinct().sorted().toArray();
    }

    private List<String> names(int[] items) {
        List<String> names = new ArrayList<>(items.length);
        for (int item : items) {
            names.add(history.purchases.products.get(item));
        }
        return names;
    }

    /** Each order's weekday (0 = Monday) and hour in the business zone. */
    private int[][] weekdaysAndHours() {
        Purchases purchases = history.purchases;
        int[] weekday = new int[purchases.orders()];
        int[] hour = new int[purchases.orders()];
        for (int o = 0; o < weekday.length; o++) {
            ZonedDateTime at = Instant.EPOCH.plus(purchases.micros[o], ChronoUnit.MICROS).atZone(zone);
            weekday[o] = at.getDayOfWeek().getValue() - 1;
            hour[o] = at.getHour();
        }
        return new int[][] {weekday, hour};
    }

    /**
     * Each segment's shopping pattern (hours and weekdays of its members' orders) against everyone
     * else's, with Cramér's V of the difference: documents {@code patterns} / {@code segment:<name>}.
     *
     * @param members each segment's member profile ids
     */
    List<Document> segmentPatterns(Map<String, long[]> members) {
        List<Document> found = new ArrayList<>();
        int orders = history.purchases.orders();
        if (orders == 0 || members.isEmpty()) {
            return found;
        }
        int[][] when = weekdaysAndHours();
        int[] group = new int[orders];
        members.forEach((name, ids) -> {
            boolean[] in = new boolean[history.customers()];
            for (long id : ids) {
                int c = history.customer(id);
                if (c >= 0) {
                    in[c] = true;
                }
            }
            int inside = 0;
            for (int o = 0; o < orders; o++) {
                group[o] = in[history.customerOf[o]] ? 0 : 1;
                inside += 1 - group[o];
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segment", name);
            body.put("zone", zone.getId());
            body.put("members", ids.length);
            body.put("orders", inside);
            if (inside == 0 || inside == orders) {
                body.put("skipped", inside == 0 ? "its members placed no order" : "every order is its members'");
            } else {
                ShoppingPatterns.Result result = ShoppingPatterns.of(2, group, when[0], when[1]);
                body.put("segmentPattern", pattern(result.groups().get(0), new String[] {name, name}));
                body.put("rest", pattern(result.groups().get(1), null));
            }
            found.add(new Document("patterns", "segment:" + name, body));
        });
        return found;
    }

    private void patterns(int[] cluster, List<String[]> names) {
        Purchases purchases = history.purchases;
        int orders = purchases.orders();
        int groups = Math.max(1, names.size());
        int[] group = new int[orders];
        int[][] when = weekdaysAndHours();
        int[] weekday = when[0];
        int[] hour = when[1];
        for (int o = 0; o < orders; o++) {
            group[o] = names.isEmpty() ? 0 : Math.max(0, cluster[history.customerOf[o]]);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("zone", zone.getId());
        body.put("orders", orders);
        if (orders == 0) {
            body.put("skipped", "no orders");
            documents.add(new Document("patterns", "", body));
            return;
        }
        ShoppingPatterns.Result result = ShoppingPatterns.of(groups, group, weekday, hour);
        body.put("population", pattern(result.population(), null));
        List<Map<String, Object>> byCluster = new ArrayList<>();
        if (!names.isEmpty()) {
            for (ShoppingPatterns.Pattern pattern : result.groups()) {
                byCluster.add(pattern(pattern, names.get(pattern.group())));
            }
        }
        body.put("clusters", byCluster);
        documents.add(new Document("patterns", "", body));
    }

    private static Map<String, Object> pattern(ShoppingPatterns.Pattern pattern, String[] name) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("cluster", pattern.group());
            body.put("nameZh", name[0]);
            body.put("name", name[1]);
        }
        body.put("orders", pattern.total());
        body.put("hours", round(pattern.hours()));
        body.put("weekdays", round(pattern.weekdays()));
        body.put("peakHour", pattern.peakHour());
        body.put("peakWeekday", pattern.peakWeekday() + 1);
        if (name != null) {
            body.put("hourCramersV", round(pattern.hourCramersV(), 10_000));
            body.put("weekdayCramersV", round(pattern.weekdayCramersV(), 10_000));
        }
        return body;
    }

    /** Each value rounded to 4 decimals, as a list for documents. */
    static List<Double> round(double[] values) {
        List<Double> rounded = new ArrayList<>(values.length);
        for (double value : values) {
            rounded.add(round(value, 10_000));
        }
        return rounded;
    }
}
