package io.percept.cli;

import io.percept.prediction.PredictionBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench predictions}: the models of a prediction run (CLV, churn and one category
 * propensity with both algorithms cross-validated, clusters, recommendations, bundles, patterns,
 * demand forecasts and anomalies) over a synthetic year of orders, step by step, against the raw
 * baseline of one pass summing every order into its customer.
 */
@Command(name = "predictions", description = "The models of a prediction run over a synthetic year of orders (seeded), step by step, "
        + "against one pass summing every order into its customer (raw baseline).")
final class PredictionBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--customers", defaultValue = "1000000", paramLabel = "N", description = "Customers (default: ${DEFAULT-VALUE})")
    int customers;

    @Option(names = "--products", defaultValue = "5000", paramLabel = "P", description = "Products in the catalogue (default: ${DEFAULT-VALUE})")
    int products;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (customers < 100 || products < 10) {
            spec.commandLine().getErr().println("percept bench predictions: --customers at least 100, --products at least 10");
            return 2;
        }
        long started = System.nanoTime();
        PredictionBenchmark.Result result = PredictionBenchmark.run(customers, products, seed, step -> {
            out.printf(Locale.ROOT, "%7.1f s  %s%n", (System.nanoTime() - started) / 1e9, step);
            out.flush();
        });
        out.printf(Locale.ROOT, "%,d customers with orders, %,d orders, %,d lines, %,d products%n", result.customers(), result.orders(),
                result.lines(), products);
        out.println("| step | seconds (wall) |");
        out.println("|---|---:|");
        result.seconds().forEach((step, value) -> out.printf(Locale.ROOT, "| %s | %.2f |%n", step, value));
        Map<String, Double> s = result.seconds();
        double total = s.get("history") + s.get("models") + s.get("forecasts");
        out.printf(Locale.ROOT, "summary: %s%n", result.summary());
        out.printf(Locale.ROOT, "customers=%d orders=%d baseline_s=%.3f history_s=%.2f clv_s=%.2f propensity_s=%.2f cluster_s=%.2f "
                        + "recommend_s=%.2f bundle_s=%.2f forecast_s=%.2f total_s=%.2f ratio=%.0f%n",
                result.customers(), result.orders(), s.get("baseline"), s.get("history"), s.get("clv"), s.get("propensity"), s.get("cluster"),
                s.get("recommend"), s.get("bundle"), s.get("forecasts"), total, total / Math.max(1e-9, s.get("baseline")));
        return 0;
    }
}
