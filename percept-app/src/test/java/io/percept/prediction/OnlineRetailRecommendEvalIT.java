package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.analytics.recommend.AssociationRules;
import io.percept.analytics.recommend.Ease;
import io.percept.analytics.recommend.FpGrowth;
import io.percept.analytics.recommend.Interactions;
import io.percept.analytics.recommend.ItemNeighbours;
import io.percept.analytics.recommend.ItemSimilarity;
import io.percept.analytics.recommend.Popularity;
import io.percept.analytics.recommend.Recommender;
import io.percept.analytics.recommend.ShoppingPatterns;
import io.percept.ingest.imports.TableFile;
import io.percept.testing.Datasets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recommendations on UCI Online Retail (issue 7): each customer with at least two invoices has their
 * last invoice held out; the model learns from every invoice that is no customer's last (so nothing
 * of a held-out basket, nor a single-invoice customer's only invoice, informs it). For each such
 * customer the top 10 from their earlier invoices is compared with the held-out basket: hit-rate@10
 * (at least one recommended item bought), precision@10 and recall@10, for EASE blended with recent
 * popularity, item-to-item CF and the popularity top 10, all under the same policy. The acceptance is
 * on the "new items" policy (already-bought items excluded from all). Also prints the repeat-purchase
 * policy, FP-growth's strongest rules (StockCodes only) and shopping peaks by country group.
 *
 * <p>With {@code -Dpercept.recommend.validation=true} every customer's last invoice is dropped first,
 * so the same figures are for the validation baskets (each customer's second-to-last invoice, the
 * model trained without the last two): the options below were chosen there, never on the test baskets.
 */
class OnlineRetailRecommendEvalIT {

    /**
     * The model's options, chosen on validation baskets (each customer's second-to-last invoice, the model
     * trained without the last two) among neighbours 20/100/300, binary/log weights, α 0.5 to 1,
     * shrinkage 0 to 100 and history half-lives 0.5 to 3 invoices (docs/models.md).
     */
    static final ItemSimilarity.Options OPTIONS = new ItemSimilarity.Options(100, ItemSimilarity.Weighting.BINARY, 0.9, 20, 500);

    /** A history invoice's weight halves every this many invoices back from the customer's latest. */
    static final double HALF_LIFE_INVOICES = 1;

    /** What item-to-item CF demonstrably reaches (1.60 on the test baskets). */
    static final double MIN_CF_RATIO = 1.4;

    /**
     * EASE's options, chosen on validation baskets among λ 50 to 3,200, items with at least 1/3/10 users,
     * binary or recency-weighted entries (half-lives 90 to 365 days), 50/100/300 kept weights, and trend
     * weights 0 to 1.5 with half-lives 7 to 60 days (docs/models.md).
     */
    static final Ease.Options EASE = new Ease.Options(200, ItemSimilarity.Weighting.RAW, 100, 3, 5_000);

    /** EASE's entries: 0.5 ^ (age of the customer's latest purchase of the item / this many days), ages from the training data's end. */
    static final double ENTRY_HALF_LIFE_DAYS = 180;

    /** The trend: recency-weighted popularity, each invoice line counting half after this many days. */
    static final double TREND_HALF_LIFE_DAYS = 15;

    /** The trend's weight γ against the customer's scaled EASE scores. */
    static final float TREND_WEIGHT = 0.3f;

    /**
     * The acceptance: EASE + trend at least twice popularity. Measured 2.006 on the test baskets
     * (1.86 on validation): a thin margin (3 of 2,829 customers), kept because the evaluation is
     * deterministic (docs/models.md).
     */
    static final double MIN_RATIO = 2.0;

    static final int N = 10;

    /** Whether this run is on the validation baskets ({@code -Dpercept.recommend.validation=true}). */
    static final boolean VALIDATION = Boolean.getBoolean("percept.recommend.validation");

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** An invoice: its customer (-1 if none), timestamp (sortable text), and distinct items. */
    record Invoice(String number, int customer, String time, int[] items) {
    }

    /** Valid purchase invoices: not cancellations or adjustments, positive quantity and price, product StockCodes. */
    record Data(List<Invoice> invoices, List<String> codes, int customers, int rows, int kept) {
    }

    static Data read(Path file) throws IOException {
        Map<String, Integer> codes = new LinkedHashMap<>();
        Map<String, Integer> customers = new HashMap<>();
        Map<String, Integer> invoiceIndex = new LinkedHashMap<>();
        List<String[]> heads = new ArrayList<>();
        List<int[]> items = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int rows = 0;
        int kept = 0;
        try (TableFile table = TableFile.open(file)) {
            TableFile.Record record;
            while ((record = table.next()) != null) {
                rows++;
                if (record.problem() != null) {
                    continue;
                }
                String invoice = record.get("InvoiceNo").trim();
                String code = record.get("StockCode").trim().toUpperCase(Locale.ROOT);
                double quantity = Double.parseDouble(record.get("Quantity"));
                double price = Double.parseDouble(record.get("UnitPrice"));
                if (invoice.isEmpty() || !Character.isDigit(invoice.charAt(0)) || quantity <= 0 || price <= 0 || code.isEmpty()
                        || !Character.isDigit(code.charAt(0))) {
                    continue; // cancellations (C), bad debt (A), returns, free items, postage/fees/manual codes
                }
                kept++;
                String customer = record.get("CustomerID").trim();
                int item = codes.computeIfAbsent(code, c -> codes.size());
                Integer at = invoiceIndex.get(invoice);
                if (at == null) {
                    at = heads.size();
                    invoiceIndex.put(invoice, at);
                    heads.add(new String[] {invoice, customer, record.get("InvoiceDate").trim()});
                    items.add(new int[8]);
                    sizes.add(0);
                }
                int[] basket = items.get(at);
                int size = sizes.get(at);
                if (size == basket.length) {
                    basket = Arrays.copyOf(basket, size * 2);
                    items.set(at, basket);
                }
                basket[size] = item;
                sizes.set(at, size + 1);
            }
        }
        List<Invoice> invoices = new ArrayList<>();
        for (int k = 0; k < heads.size(); k++) {
            String[] head = heads.get(k);
            int customer = head[1].isEmpty() ? -1 : customers.computeIfAbsent(head[1], c -> customers.size());
            invoices.add(new Invoice(head[0], customer, head[2], Arrays.stream(items.get(k), 0, sizes.get(k)).distinct().sorted().toArray()));
        }
        return new Data(invoices, List.copyOf(codes.keySet()), customers.size(), rows, kept);
    }

    /** One recommender's figures over the evaluated customers. */
    record Score(String name, int customers, int hits, double precision, double recall) {

        double hitRate() {
            return (double) hits / customers;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f |", name, customers, hitRate(), precision / customers,
                    recall / customers);
        }
    }

    private interface Policy {
        /** Writes up to N items for a history; returns how many. */
        int top(int[] history, float[] weights, int[] out);
    }

    /** Each customer's invoices in time order (then by number): all but the last are history, the last is held out. */
    static List<List<Invoice>> byCustomer(Data data) {
        List<List<Invoice>> byCustomer = new ArrayList<>();
        for (int c = 0; c < data.customers(); c++) {
            byCustomer.add(new ArrayList<>());
        }
        for (Invoice invoice : data.invoices()) {
            if (invoice.customer() >= 0) {
                byCustomer.get(invoice.customer()).add(invoice);
            }
        }
        for (List<Invoice> invoices : byCustomer) {
            invoices.sort((a, b) -> a.time().equals(b.time()) ? a.number().compareTo(b.number()) : a.time().compareTo(b.time()));
        }
        if (VALIDATION) {
            for (List<Invoice> invoices : byCustomer) {
                if (!invoices.isEmpty()) {
                    invoices.remove(invoices.size() - 1);
                }
            }
        }
        return byCustomer;
    }

    /** Minutes since the epoch of an invoice's timestamp. */
    static long minute(Invoice invoice) {
        return LocalDateTime.parse(invoice.time(), TIME).toEpochSecond(ZoneOffset.UTC) / 60;
    }

    /** The latest training invoice's time, in minutes: "now" for the recency weights. */
    static long trainingEnd(List<List<Invoice>> byCustomer) {
        long end = Long.MIN_VALUE;
        for (List<Invoice> invoices : byCustomer) {
            for (Invoice invoice : history(invoices)) {
                end = Math.max(end, minute(invoice));
            }
        }
        return end;
    }

    /**
     * EASE's training interactions: one entry per (customer, item) of the training invoices, weighted
     * 0.5 ^ (days from the customer's latest purchase of the item to the training data's end / half-life).
     */
    static Interactions recencyWeighted(Data data, List<List<Invoice>> byCustomer, long end, double halfLifeDays) {
        Interactions.Builder training = new Interactions.Builder(data.customers(), data.codes().size());
        for (List<Invoice> invoices : byCustomer) {
            Map<Integer, Long> latest = new HashMap<>();
            for (Invoice invoice : history(invoices)) {
                long at = minute(invoice);
                for (int item : invoice.items()) {
                    latest.merge(item, at, Math::max);
                }
            }
            for (Map.Entry<Integer, Long> entry : latest.entrySet()) {
                training.add(invoices.get(0).customer(), entry.getKey(), (float) Math.pow(0.5, (end - entry.getValue()) / 1440.0 / halfLifeDays));
            }
        }
        return training.build();
    }

    /** Recency-weighted popularity over the training invoices: each invoice line adds 0.5 ^ (its age in days / half-life). */
    static float[] trend(Data data, List<List<Invoice>> byCustomer, long end, double halfLifeDays) {
        List<Integer> items = new ArrayList<>();
        List<Double> ages = new ArrayList<>();
        for (List<Invoice> invoices : byCustomer) {
            for (Invoice invoice : history(invoices)) {
                double age = (end - minute(invoice)) / 1440.0;
                for (int item : invoice.items()) {
                    items.add(item);
                    ages.add(age);
                }
            }
        }
        return Popularity.recent(data.codes().size(), items.stream().mapToInt(Integer::intValue).toArray(),
                ages.stream().mapToDouble(Double::doubleValue).toArray(), halfLifeDays);
    }

    /** The training interactions: one row per customer, each history invoice adding 1 to each of its items. */
    static Interactions training(Data data, List<List<Invoice>> byCustomer) {
        Interactions.Builder training = new Interactions.Builder(data.customers(), data.codes().size());
        for (List<Invoice> invoices : byCustomer) {
            for (Invoice invoice : history(invoices)) {
                for (int item : invoice.items()) {
                    training.add(invoice.customer(), item, 1f);
                }
            }
        }
        return training.build();
    }

    /** The figures of each policy on every customer with a history. */
    static Map<String, Score> evaluate(ItemSimilarity.Model model, ItemNeighbours ease, float[] trend, List<List<Invoice>> byCustomer,
            double halfLife) {
        Recommender excluding = new Recommender(model, Recommender.Options.excludingHistory());
        Recommender repeating = new Recommender(model, Recommender.Options.allowingRepeats(1f));
        Recommender blended = new Recommender(ease, Recommender.Options.excludingHistory().withTrend(TREND_WEIGHT), trend);
        Map<String, Policy> policies = new LinkedHashMap<>();
        policies.put(NEW_POPULARITY, (h, w, out) -> excluding.popular(h, N, out));
        policies.put(NEW_EASE, (h, w, out) -> blended.recommendInto(h, w, N, out, null));
        policies.put(NEW_CF, (h, w, out) -> excluding.recommendInto(h, w, N, out, null));
        policies.put(REPEAT_POPULARITY, (h, w, out) -> repeating.popular(h, N, out));
        policies.put(REPEAT_HISTORY, (h, w, out) -> ownHistory(h, w, out));
        policies.put(REPEAT_CF, (h, w, out) -> repeating.recommendInto(h, w, N, out, null));
        Map<String, Score> scores = new LinkedHashMap<>();
        int[] out = new int[N];
        for (Map.Entry<String, Policy> policy : policies.entrySet()) {
            int hits = 0;
            double precision = 0;
            double recall = 0;
            int customers = 0;
            for (List<Invoice> invoices : byCustomer) {
                List<Invoice> history = history(invoices);
                if (history.isEmpty()) {
                    continue;
                }
                customers++;
                Map<Integer, Float> weights = new LinkedHashMap<>();
                for (int k = 0; k < history.size(); k++) {
                    float w = (float) Math.pow(0.5, (history.size() - 1 - k) / halfLife);
                    for (int item : history.get(k).items()) {
                        weights.merge(item, w, Float::sum);
                    }
                }
                int[] historyItems = weights.keySet().stream().mapToInt(Integer::intValue).toArray();
                float[] historyWeights = new float[historyItems.length];
                for (int k = 0; k < historyItems.length; k++) {
                    historyWeights[k] = weights.get(historyItems[k]);
                }
                int[] basket = invoices.get(invoices.size() - 1).items();
                int count = policy.getValue().top(historyItems, historyWeights, out);
                int found = 0;
                for (int k = 0; k < count; k++) {
                    if (Arrays.binarySearch(basket, out[k]) >= 0) {
                        found++;
                    }
                }
                hits += found > 0 ? 1 : 0;
                precision += found / (double) N;
                recall += found / (double) basket.length;
            }
            scores.put(policy.getKey(), new Score(policy.getKey(), customers, hits, precision, recall));
        }
        return scores;
    }

    static final String NEW_POPULARITY = "new items: popularity";
    static final String NEW_CF = "new items: item-to-item CF";
    static final String NEW_EASE = "new items: EASE + recent popularity";
    static final String REPEAT_POPULARITY = "repeats allowed: popularity";
    static final String REPEAT_HISTORY = "repeats allowed: own history by recency-weighted count";
    static final String REPEAT_CF = "repeats allowed: item-to-item CF + own history (repeat weight 1)";

    @Test
    void itemToItemRecommendationsBeatPopularityOnEachCustomersLastBasket() throws IOException {
        long started = System.nanoTime();
        Data data = read(Datasets.root().resolve("uci_online_retail/online_retail.csv"));
        List<List<Invoice>> byCustomer = byCustomer(data);
        Interactions interactions = training(data, byCustomer);
        int trainingInvoices = 0;
        int evaluated = 0;
        for (List<Invoice> invoices : byCustomer) {
            trainingInvoices += history(invoices).size();
            evaluated += history(invoices).isEmpty() ? 0 : 1;
        }
        long fitStarted = System.nanoTime();
        ItemSimilarity.Model model = ItemSimilarity.fit(interactions, OPTIONS);
        double fitSeconds = (System.nanoTime() - fitStarted) / 1e9;
        long end = trainingEnd(byCustomer);
        fitStarted = System.nanoTime();
        Ease.Model ease = Ease.fit(recencyWeighted(data, byCustomer, end, ENTRY_HALF_LIFE_DAYS), EASE);
        double easeSeconds = (System.nanoTime() - fitStarted) / 1e9;
        float[] trend = trend(data, byCustomer, end, TREND_HALF_LIFE_DAYS);
        Map<String, Score> scores = evaluate(model, ease, trend, byCustomer, HALF_LIFE_INVOICES);

        System.out.printf(Locale.ROOT, "%n%,d rows, %,d valid purchase lines, %,d invoices, %,d customers, %,d StockCodes; %,d training invoices, "
                        + "%,d customers evaluated (at least 2 invoices); similarity model: %,d neighbour entries, fitted in %.2f s; "
                        + "options %s, history half-life %.0f invoices%n%n", data.rows(), data.kept(), data.invoices().size(), data.customers(),
                data.codes().size(), trainingInvoices, evaluated, model.neighbours().length, fitSeconds, OPTIONS, HALF_LIFE_INVOICES);
        System.out.printf(Locale.ROOT, "EASE: %,d items regressed, %,d kept weights, fitted in %.2f s; options %s, entry half-life %.0f days, "
                + "trend half-life %.0f days, trend weight %.2f%s%n%n", ease.provenance().regressed(), ease.neighbours().length, easeSeconds, EASE,
                ENTRY_HALF_LIFE_DAYS, TREND_HALF_LIFE_DAYS, TREND_WEIGHT, VALIDATION
                        ? "; VALIDATION baskets (each customer's second-to-last invoice)" : "");
        System.out.println("| policy: recommender | customers | hit-rate@10 | precision@10 | recall@10 |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Score score : scores.values()) {
            System.out.println(score.row());
        }
        Score popularity = scores.get(NEW_POPULARITY);
        Score cf = scores.get(NEW_CF);
        Score blended = scores.get(NEW_EASE);
        double cfRatio = cf.hitRate() / popularity.hitRate();
        double ratio = blended.hitRate() / popularity.hitRate();
        System.out.printf(Locale.ROOT, "%nnew items: EASE + recent popularity hit-rate@10 / popularity = %.3f (asserted: at least %.1f; the issue asks 2)"
                + "%nnew items: CF hit-rate@10 / popularity = %.3f (asserted: at least %.1f)%n", ratio, MIN_RATIO, cfRatio, MIN_CF_RATIO);
        System.out.printf(Locale.ROOT, "repeats allowed: CF + history / popularity = %.2f, / own history = %.2f%n",
                scores.get(REPEAT_CF).hitRate() / scores.get(REPEAT_POPULARITY).hitRate(),
                scores.get(REPEAT_CF).hitRate() / scores.get(REPEAT_HISTORY).hitRate());

        assertThat(evaluated).isGreaterThan(VALIDATION ? 1500 : 2500);
        assertThat(cf.customers()).isEqualTo(evaluated);
        assertThat(blended.customers()).isEqualTo(evaluated);
        if (!VALIDATION) {
            assertThat(cfRatio).isGreaterThanOrEqualTo(MIN_CF_RATIO);
            assertThat(ratio).isGreaterThanOrEqualTo(MIN_RATIO);
        }

        bundles(data);
        patterns(data);
        System.out.printf(Locale.ROOT, "%nevaluation took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The invoices that train the model and form the customer's history: all but the last (none for a single-invoice customer). */
    static List<Invoice> history(List<Invoice> invoices) {
        return invoices.size() < 2 ? List.of() : invoices.subList(0, invoices.size() - 1);
    }

    /** The repeat-purchase baseline: the customer's own items by recency-weighted count, ties by the lower id. */
    private static int ownHistory(int[] items, float[] weights, int[] out) {
        Integer[] order = new Integer[items.length];
        for (int k = 0; k < items.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> weights[a] != weights[b] ? Float.compare(weights[b], weights[a]) : Integer.compare(items[a], items[b]));
        int count = Math.min(N, items.length);
        for (int k = 0; k < count; k++) {
            out[k] = items[order[k]];
        }
        return count;
    }

    /** FP-growth over all valid invoices (with or without a customer): the strongest rules by lift, StockCodes only. */
    private static void bundles(Data data) {
        int[][] baskets = data.invoices().stream().map(Invoice::items).toArray(int[][]::new);
        long started = System.nanoTime();
        FpGrowth.Result frequent = FpGrowth.mine(baskets, FpGrowth.Options.ofFraction(0.01, 3));
        double seconds = (System.nanoTime() - started) / 1e9;
        List<AssociationRules.Rule> rules = AssociationRules.rules(frequent, new AssociationRules.Options(0.5, 1, 1));
        long pairs = frequent.itemsets().stream().filter(s -> s.size() == 2).count();
        long triples = frequent.itemsets().stream().filter(s -> s.size() == 3).count();
        System.out.printf(Locale.ROOT, "%nFP-growth: %,d baskets, min support 1 %% (%d baskets), %,d frequent itemsets (%d pairs, %d triples) in %.2f s; "
                + "%,d rules with confidence >= 0.5 and lift >= 1%n%n", baskets.length, frequent.minCount(), frequent.itemsets().size(), pairs,
                triples, seconds, rules.size());
        System.out.println("| antecedent | consequent | baskets | support | confidence | lift | leverage | conviction |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (AssociationRules.Rule rule : rules.subList(0, Math.min(10, rules.size()))) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.4f | %.3f | %.1f | %.4f | %.1f |%n", codes(data, rule.antecedent()),
                    codes(data, rule.consequent()), rule.count(), rule.support(), rule.confidence(), rule.lift(), rule.leverage(),
                    rule.conviction());
        }
        List<AssociationRules.Bundle> bundles = AssociationRules.bundles(frequent, 3, 1);
        System.out.printf(Locale.ROOT, "%nstrongest triples (bundles): %s%n", bundles.stream().limit(5)
                .map(b -> codes(data, b.items()) + String.format(Locale.ROOT, " (n=%d, lift %.0f)", b.count(), b.lift())).toList());

        assertThat(frequent.itemsets()).isNotEmpty();
        assertThat(pairs).isPositive();
        assertThat(rules).isNotEmpty();
        for (AssociationRules.Rule rule : rules) {
            assertThat(rule.count()).isGreaterThanOrEqualTo(frequent.minCount());
            assertThat(rule.confidence()).isBetween(0.5, 1.0);
            assertThat(rule.lift()).isGreaterThanOrEqualTo(1.0);
            assertThat(rule.leverage()).isGreaterThanOrEqualTo(0.0);
        }
        assertThat(rules.get(0).lift()).isGreaterThan(10);
    }

    private static String codes(Data data, int[] items) {
        return Arrays.stream(items).mapToObj(data.codes()::get).sorted().reduce((a, b) -> a + " + " + b).orElse("");
    }

    /** Shopping peaks of the invoices by country group (the customer's first country), hour and weekday as recorded. */
    private static void patterns(Data data) {
        int n = data.invoices().size();
        int[] group = new int[n];
        int[] weekday = new int[n];
        int[] hour = new int[n];
        for (int k = 0; k < n; k++) {
            Invoice invoice = data.invoices().get(k);
            LocalDateTime time = LocalDateTime.parse(invoice.time(), TIME);
            group[k] = invoice.customer() < 0 ? 0 : 1;
            weekday[k] = time.getDayOfWeek().getValue() - 1;
            hour[k] = time.getHour();
        }
        ShoppingPatterns.Result result = ShoppingPatterns.of(2, group, weekday, hour);
        String[] names = {"no CustomerID", "with CustomerID"};
        System.out.printf(Locale.ROOT, "%nshopping patterns (invoices): population peak hour %d, weekday %d (0 = Monday); invoices on Saturday: %.0f%n",
                result.population().peakHour(), result.population().peakWeekday(), result.population().weekdays()[5]);
        for (ShoppingPatterns.Pattern pattern : result.groups()) {
            System.out.printf(Locale.ROOT, "  %-16s %,6.0f invoices, peak hour %2d, peak weekday %d, Cramér's V hours %.3f, weekdays %.3f%n",
                    names[pattern.group()], pattern.total(), pattern.peakHour(), pattern.peakWeekday(), pattern.hourCramersV(),
                    pattern.weekdayCramersV());
        }
        assertThat(result.population().total()).isEqualTo(n);
        assertThat(result.population().peakHour()).isBetween(9, 16);
    }
}
