package io.percept.prediction;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the behaviour models' runs ({@code percept.prediction.*}).
 *
 * @param enabled            whether runs are scheduled (a run can always be started through the API)
 * @param interval           time between scheduled runs (the first comes {@code first-run} after the profiles caught up)
 * @param firstRun           delay before the first scheduled run once the profiles have caught up with the log
 * @param timeUnit           BG/NBD's time unit: {@code day} or {@code week}
 * @param clvHorizon         how far ahead expected purchases and CLV look
 * @param annualDiscountRate the discount rate of future value, per year (0 for none)
 * @param churnHorizon       a customer who does not order within this is churned; also the propensities' default horizon
 * @param targets            propensity targets besides churn: "orders in a category within a horizon"
 * @param viewEvents         track events that are product views (for recommendations)
 * @param kMin               fewest clusters tried
 * @param kMax               most clusters tried (k by silhouette in between)
 * @param recommendations    products recommended per customer
 * @param bundleSupport      FP-growth's minimum support (share of orders)
 * @param bundleConfidence   an association rule's minimum confidence
 * @param forecastDays       days forecast ahead
 * @param forecastProducts   how many of the best-selling products get their own forecast
 * @param historyDays        days of history the demand series and the anomaly detection look at
 * @param alertWindow        anomalies this recent (by day) raise an alert event, once each
 * @param keepRuns           runs whose results are kept (older ones are deleted)
 * @param seed               the seed of every randomised step (k-means, cross-validation, samples)
 */
@ConfigurationProperties("percept.prediction")
public record PredictionSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("24h") Duration interval,
        @DefaultValue("5m") Duration firstRun,
        @DefaultValue("week") TimeUnit timeUnit,
        @DefaultValue("365d") Duration clvHorizon,
        @DefaultValue("0.1") double annualDiscountRate,
        @DefaultValue("90d") Duration churnHorizon,
        @DefaultValue List<Target> targets,
        @DefaultValue("Product Viewed") Set<String> viewEvents,
        @DefaultValue("3") int kMin,
        @DefaultValue("8") int kMax,
        @DefaultValue("10") int recommendations,
        @DefaultValue("0.005") double bundleSupport,
        @DefaultValue("0.3") double bundleConfidence,
        @DefaultValue("28") int forecastDays,
        @DefaultValue("10") int forecastProducts,
        @DefaultValue("365") int historyDays,
        @DefaultValue("14d") Duration alertWindow,
        @DefaultValue("10") int keepRuns,
        @DefaultValue("42") long seed) {

    /** BG/NBD's time unit. */
    public enum TimeUnit {
        DAY(1), WEEK(7);

        private final int days;

        TimeUnit(int days) {
            this.days = days;
        }

        public int days() {
            return days;
        }
    }

    /**
     * A propensity target: will the customer order (in {@code category}, or anything when null)
     * within {@code horizon} — of now, or, with a {@code trigger}, of receiving that event (e.g.
     * {@code Offer Sent}: "responds to the promotion")? Scores appear as {@code scores.<name>}.
     */
    public record Target(String name, String category, Duration horizon, String trigger) {

        public Target {
            trigger = trigger == null || trigger.isBlank() ? null : trigger.strip();
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]{0,39}")) {
                throw new IllegalArgumentException("percept.prediction.targets: a target's name must be a letter then letters, digits or _ (at most 40), was '"
                        + name + "'");
            }
            if (horizon == null || horizon.toDays() < 1) {
                throw new IllegalArgumentException("percept.prediction.targets." + name + ": horizon must be at least 1 day, was " + horizon);
            }
        }
    }

    public PredictionSettings {
        targets = targets == null ? List.of() : List.copyOf(targets);
        viewEvents = viewEvents == null ? Set.of() : Set.copyOf(viewEvents);
        require(!interval.isNegative() && !interval.isZero(), "interval must be positive, was " + interval);
        require(!firstRun.isNegative(), "first-run must not be negative, was " + firstRun);
        require(clvHorizon.toDays() >= 1, "clv-horizon must be at least 1 day, was " + clvHorizon);
        require(annualDiscountRate >= 0 && annualDiscountRate < 10, "annual-discount-rate must be 0 to 10, was " + annualDiscountRate);
        require(churnHorizon.toDays() >= 1, "churn-horizon must be at least 1 day, was " + churnHorizon);
        require(kMin >= 2 && kMax >= kMin && kMax <= 20, "k-min and k-max must satisfy 2 <= k-min <= k-max <= 20, were " + kMin + " and " + kMax);
        require(recommendations >= 1 && recommendations <= 100, "recommendations must be 1 to 100, was " + recommendations);
        require(bundleSupport > 0 && bundleSupport < 1, "bundle-support must be between 0 and 1, was " + bundleSupport);
        require(bundleConfidence > 0 && bundleConfidence <= 1, "bundle-confidence must be in (0, 1], was " + bundleConfidence);
        require(forecastDays >= 1 && forecastDays <= 366, "forecast-days must be 1 to 366, was " + forecastDays);
        require(forecastProducts >= 0 && forecastProducts <= 200, "forecast-products must be 0 to 200, was " + forecastProducts);
        require(historyDays >= 28, "history-days must be at least 28, was " + historyDays);
        require(!alertWindow.isNegative(), "alert-window must not be negative, was " + alertWindow);
        require(keepRuns >= 1, "keep-runs must be at least 1, was " + keepRuns);
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add("churn");
        for (Target target : targets) {
            require(target.trigger() == null || !viewEvents.contains(target.trigger()), "targets." + target.name()
                    + ".trigger: '" + target.trigger() + "' is a view event");
            require(names.add(target.name()), "targets: the name '" + target.name() + "' is used twice (churn is built in)");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("percept.prediction." + message);
        }
    }

    /** The events that start a triggered target's window. */
    Set<String> triggerEvents() {
        Set<String> triggers = new java.util.TreeSet<>();
        for (Target target : targets) {
            if (target.trigger() != null) {
                triggers.add(target.trigger());
            }
        }
        return triggers;
    }

    /** The defaults, for tests and tools. */
    static PredictionSettings defaults() {
        return new PredictionSettings(true, Duration.ofHours(24), Duration.ofMinutes(5), TimeUnit.WEEK, Duration.ofDays(365), 0.1,
                Duration.ofDays(90), List.of(), Set.of("Product Viewed"), 3, 8, 10, 0.005, 0.3, 28, 10, 365, Duration.ofDays(14), 10, 42);
    }
}
