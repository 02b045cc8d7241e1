package io.percept.console;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a strategic initiative is: a product launch, a regional promotion, a service change or other,
 * from {@code startsOn} (to {@code endsOn}, inclusive, or open), in the target {@code regions} (empty:
 * everywhere) against the {@code controlRegions} (empty: no control group, a plain before/after), for
 * the customers of the {@code segments} (recorded, not yet applied to the figures), about the products
 * with the {@code skus} or in the {@code categories} (empty: all products), measured by {@code kpis}.
 * Validates itself: every problem is an {@link IllegalArgumentException} saying what is wrong.
 */
public record InitiativeDefinition(String name, Kind kind, LocalDate startsOn, LocalDate endsOn, List<String> regions, List<String> controlRegions,
                                   List<String> segments, List<String> skus, List<String> categories, List<Kpi> kpis) {

    /** Longest name. */
    public static final int MAX_NAME = 120;
    /** Most entries of each list. */
    public static final int MAX_ENTRIES = 50;

    /** What kind of initiative. */
    public enum Kind {
        PRODUCT_LAUNCH, REGIONAL_PROMOTION, SERVICE_CHANGE, OTHER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("kind must be one of product-launch, regional-promotion, service-change, other; was '" + name + "'");
        }
    }

    /**
     * What to measure, per region and day: {@code adoption} distinct buyers of the target products,
     * {@code revenue} and {@code orders} of the target products (all products when none are named),
     * {@code sentiment} the mean score of the customers' texts, {@code complaints} the share of negative
     * texts in percent, {@code nps} promoters minus detractors in percent.
     */
    public enum Kpi {
        ADOPTION, REVENUE, ORDERS, SENTIMENT, COMPLAINTS, NPS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether its scale is a count or money (a change is shown relative), not a score or rate. */
        public boolean counts() {
            return this == ADOPTION || this == REVENUE || this == ORDERS;
        }

        public static Kpi parse(String name) {
            for (Kpi kpi : values()) {
                if (kpi.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return kpi;
                }
            }
            throw new IllegalArgumentException("unknown KPI '" + name + "' (expected adoption, revenue, orders, sentiment, complaints or nps)");
        }
    }

    public InitiativeDefinition {
        name = name == null ? "" : name.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is required");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name is longer than " + MAX_NAME + " characters");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind is required (product-launch, regional-promotion, service-change or other)");
        }
        if (startsOn == null) {
            throw new IllegalArgumentException("start date is required");
        }
        if (endsOn != null && endsOn.isBefore(startsOn)) {
            throw new IllegalArgumentException("end date " + endsOn + " is before the start date " + startsOn);
        }
        regions = clean("regions", regions);
        controlRegions = clean("control regions", controlRegions);
        segments = clean("segments", segments);
        skus = clean("skus", skus);
        categories = clean("categories", categories);
        Set<String> both = new HashSet<>(regions);
        both.retainAll(controlRegions);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("a region cannot be both target and control: " + String.join(", ", both));
        }
        if (regions.isEmpty() && !controlRegions.isEmpty()) {
            throw new IllegalArgumentException("control regions need target regions");
        }
        kpis = kpis == null ? List.of() : List.copyOf(new LinkedHashSet<>(kpis));
        if (kpis.isEmpty()) {
            throw new IllegalArgumentException("choose at least one KPI");
        }
        if (kpis.contains(Kpi.ADOPTION) && skus.isEmpty() && categories.isEmpty()) {
            throw new IllegalArgumentException("adoption needs target products (skus or categories)");
        }
    }

    /** Whether the initiative names products (else its revenue and orders are of all products). */
    public boolean targetsProducts() {
        return !skus.isEmpty() || !categories.isEmpty();
    }

    private static List<String> clean(String what, List<String> values) {
        List<String> cleaned = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            String stripped = value == null ? "" : value.strip();
            if (!stripped.isEmpty() && !cleaned.contains(stripped)) {
                if (stripped.length() > MAX_NAME) {
                    throw new IllegalArgumentException(what + ": '" + stripped.substring(0, 20) + "…' is longer than " + MAX_NAME + " characters");
                }
                cleaned.add(stripped);
            }
        }
        if (cleaned.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " " + what);
        }
        return List.copyOf(cleaned);
    }
}
