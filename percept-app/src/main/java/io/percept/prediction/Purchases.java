package io.percept.prediction;

import io.percept.eventlog.Attributes;
import io.percept.platform.IsoInstants;
import io.percept.platform.JsonValues;
import io.percept.profile.Profiles;
import io.percept.profile.ScoredProfiles;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orders and product views in the log, attributed to today's live profiles: what every model
 * of a run learns from. Columnar and read-only once built; an order's lines are
 * {@code lineStart[o]} to {@code lineStart[o + 1]}. Products and categories are interned into
 * dense indexes ({@link #products}, {@link #categories}); -1 where a line has no category.
 */
final class Purchases {

    final long[] profile;
    final long[] micros;
    final double[] amount;
    final String[] channel;
    final int[] lineStart;
    final int[] lineProduct;
    final int[] lineCategory;
    final double[] lineQuantity;
    final double[] linePrice;
    final long[] viewProfile;
    final int[] viewProduct;
    /** Trigger events (targets' {@code trigger}): who, when, which (an index into {@link #triggerNames}). */
    final long[] triggerProfile;
    final long[] triggerMicros;
    final int[] triggerName;
    final List<String> triggerNames;
    final List<String> products;
    final List<String> categories;
    /** Order and view events read but attributed to no live profile (erased, or not yet unified). */
    final int unattributed;

    private Purchases(Builder builder) {
        int orders = builder.orders;
        profile = Arrays.copyOf(builder.profile, orders);
        micros = Arrays.copyOf(builder.micros, orders);
        amount = Arrays.copyOf(builder.amount, orders);
        channel = Arrays.copyOf(builder.channel, orders);
        lineStart = Arrays.copyOf(builder.lineStart, orders + 1);
        lineStart[orders] = builder.lines;
        lineProduct = Arrays.copyOf(builder.lineProduct, builder.lines);
        lineCategory = Arrays.copyOf(builder.lineCategory, builder.lines);
        lineQuantity = Arrays.copyOf(builder.lineQuantity, builder.lines);
        linePrice = Arrays.copyOf(builder.linePrice, builder.lines);
        viewProfile = Arrays.copyOf(builder.viewProfile, builder.views);
        viewProduct = Arrays.copyOf(builder.viewProduct, builder.views);
        triggerProfile = Arrays.copyOf(builder.triggerProfile, builder.triggers);
        triggerMicros = Arrays.copyOf(builder.triggerMicros, builder.triggers);
        triggerName = Arrays.copyOf(builder.triggerName, builder.triggers);
        triggerNames = List.copyOf(builder.triggerNames);
        products = List.copyOf(builder.productNames);
        categories = List.copyOf(builder.categoryNames);
        unattributed = builder.unattributed;
    }

    int orders() {
        return profile.length;
    }

    /** The oldest order's time, or {@code fallback} without orders. */
    long oldestMicros(long fallback) {
        long oldest = Long.MAX_VALUE;
        for (long at : micros) {
            oldest = Math.min(oldest, at);
        }
        return oldest == Long.MAX_VALUE ? fallback : oldest;
    }

    /** The newest order's time, or {@code fallback} without orders. */
    long newestMicros(long fallback) {
        long newest = Long.MIN_VALUE;
        for (long at : micros) {
            newest = Math.max(newest, at);
        }
        return newest == Long.MIN_VALUE ? fallback : newest;
    }

    /**
     * These purchases without those of the profiles in {@code withheld} (sorted ids): what models
     * that score individuals may learn from when those profiles refused profiling. Products and
     * categories are interned anew; {@link #unattributed} stays as it was.
     */
    Purchases without(long[] withheld) {
        Builder kept = new Builder();
        kept.unattributed = unattributed;
        List<Builder.Line> lines = new ArrayList<>();
        for (int o = 0; o < profile.length; o++) {
            if (Arrays.binarySearch(withheld, profile[o]) >= 0) {
                continue;
            }
            lines.clear();
            for (int l = lineStart[o]; l < lineStart[o + 1]; l++) {
                lines.add(new Builder.Line(products.get(lineProduct[l]), lineCategory[l] < 0 ? null : categories.get(lineCategory[l]),
                        lineQuantity[l], linePrice[l]));
            }
            kept.order(profile[o], micros[o], amount[o], channel[o], lines);
        }
        for (int v = 0; v < viewProfile.length; v++) {
            if (Arrays.binarySearch(withheld, viewProfile[v]) < 0) {
                kept.view(viewProfile[v], products.get(viewProduct[v]));
            }
        }
        for (int t = 0; t < triggerProfile.length; t++) {
            if (Arrays.binarySearch(withheld, triggerProfile[t]) < 0) {
                kept.trigger(triggerProfile[t], triggerMicros[t], triggerNames.get(triggerName[t]));
            }
        }
        return kept.build();
    }

    /**
     * Reads the orders ({@code orderEvents}) and views ({@code viewEvents}) from the store, oldest
     * first, and the {@code triggerEvents} (when each customer got an offer), each attributed to the
     * live profile holding the identifier the unify processor filed it under; events whose profile is
     * gone are counted in {@link #unattributed}.
     */
    static Purchases read(PredictionStore store, ScoredProfiles profiles, Set<String> orderEvents, Set<String> viewEvents,
            Set<String> triggerEvents) {
        Builder builder = new Builder();
        List<String> names = new ArrayList<>(orderEvents);
        names.addAll(viewEvents);
        names.addAll(triggerEvents);
        if (names.isEmpty()) {
            return builder.build();
        }
        List<String[]> batch = new ArrayList<>();
        store.trackEvents(names, row -> {
            batch.add(row);
            if (batch.size() == 10_000) {
                builder.addAll(batch, profiles, orderEvents, triggerEvents);
                batch.clear();
            }
        });
        builder.addAll(batch, profiles, orderEvents, triggerEvents);
        return builder.build();
    }

    /** Collects orders and views; not thread-safe. */
    static final class Builder {

        private long[] profile = new long[64];
        private long[] micros = new long[64];
        private double[] amount = new double[64];
        private String[] channel = new String[64];
        private int[] lineStart = new int[65];
        private int orders;
        private int[] lineProduct = new int[128];
        private int[] lineCategory = new int[128];
        private double[] lineQuantity = new double[128];
        private double[] linePrice = new double[128];
        private int lines;
        private long[] viewProfile = new long[64];
        private int[] viewProduct = new int[64];
        private int views;
        private long[] triggerProfile = new long[16];
        private long[] triggerMicros = new long[16];
        private int[] triggerName = new int[16];
        private int triggers;
        private final Map<String, Integer> triggerIndex = new HashMap<>();
        private final List<String> triggerNames = new ArrayList<>();
        private final Map<String, Integer> productIndex = new HashMap<>();
        private final List<String> productNames = new ArrayList<>();
        private final Map<String, Integer> categoryIndex = new HashMap<>();
        private final List<String> categoryNames = new ArrayList<>();
        private int unattributed;

        /** One order line: product (id, sku or name), category or null, quantity, unit price (NaN when unknown). */
        record Line(String product, String category, double quantity, double price) {
        }

        Builder order(long profileId, long atMicros, double total, String channelName, List<Line> orderLines) {
            if (orders == profile.length) {
                int grown = orders * 2;
                profile = Arrays.copyOf(profile, grown);
                micros = Arrays.copyOf(micros, grown);
                amount = Arrays.copyOf(amount, grown);
                channel = Arrays.copyOf(channel, grown);
                lineStart = Arrays.copyOf(lineStart, grown + 1);
            }
            profile[orders] = profileId;
            micros[orders] = atMicros;
            amount[orders] = total;
            channel[orders] = channelName;
            lineStart[orders] = lines;
            orders++;
            for (Line line : orderLines) {
                if (lines == lineProduct.length) {
                    int grown = lines * 2;
                    lineProduct = Arrays.copyOf(lineProduct, grown);
                    lineCategory = Arrays.copyOf(lineCategory, grown);
                    lineQuantity = Arrays.copyOf(lineQuantity, grown);
                    linePrice = Arrays.copyOf(linePrice, grown);
                }
                lineProduct[lines] = index(line.product(), productIndex, productNames);
                lineCategory[lines] = line.category() == null ? -1 : index(line.category(), categoryIndex, categoryNames);
                lineQuantity[lines] = line.quantity();
                linePrice[lines] = line.price();
                lines++;
            }
            return this;
        }

        Builder view(long profileId, String product) {
            if (views == viewProfile.length) {
                viewProfile = Arrays.copyOf(viewProfile, views * 2);
                viewProduct = Arrays.copyOf(viewProduct, views * 2);
            }
            viewProfile[views] = profileId;
            viewProduct[views] = index(product, productIndex, productNames);
            views++;
            return this;
        }

        Builder trigger(long profileId, long atMicros, String name) {
            if (triggers == triggerProfile.length) {
                triggerProfile = Arrays.copyOf(triggerProfile, triggers * 2);
                triggerMicros = Arrays.copyOf(triggerMicros, triggers * 2);
                triggerName = Arrays.copyOf(triggerName, triggers * 2);
            }
            triggerProfile[triggers] = profileId;
            triggerMicros[triggers] = atMicros;
            triggerName[triggers] = index(name, triggerIndex, triggerNames);
            triggers++;
            return this;
        }

        private static int index(String name, Map<String, Integer> index, List<String> names) {
            Integer known = index.get(name);
            if (known != null) {
                return known;
            }
            index.put(name, names.size());
            names.add(name);
            return names.size() - 1;
        }

        private void addAll(List<String[]> rows, ScoredProfiles profiles, Set<String> orderEvents, Set<String> triggerEvents) {
            if (rows.isEmpty()) {
                return;
            }
            List<String> identifiers = new ArrayList<>(rows.size());
            for (String[] row : rows) {
                identifiers.add(row[0]);
            }
            long[] ids = profiles.profilesOf(identifiers);
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                if (ids[i] == 0 || row[2] == null) {
                    unattributed++;
                    continue;
                }
                long at = ChronoUnit.MICROS.between(Instant.EPOCH, IsoInstants.parse(row[2]));
                if (triggerEvents.contains(row[1])) {
                    trigger(ids[i], at, row[1]);
                }
                Map<String, Object> properties = row[4] == null ? Map.of() : JsonValues.parseObject(row[4]);
                if (orderEvents.contains(row[1])) {
                    order(ids[i], at, Profiles.orderAmount(Attributes.adopt(new HashMap<>(properties))),
                            row[3], lines(properties));
                } else if (!triggerEvents.contains(row[1])) {
                    String product = product(properties);
                    if (product != null) {
                        view(ids[i], product);
                    }
                }
            }
        }

        private static List<Line> lines(Map<String, Object> properties) {
            List<Line> lines = new ArrayList<>();
            if (properties.get("products") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> line) {
                        String product = product(line);
                        if (product != null) {
                            double quantity = line.get("quantity") instanceof Number number ? number.doubleValue() : 1;
                            double price = line.get("price") instanceof Number number ? number.doubleValue() : Double.NaN;
                            lines.add(new Line(product, text(line.get("category")), quantity, price));
                        }
                    }
                }
            }
            return lines;
        }

        /** A line's or a view's product: {@code product_id}, else {@code sku}, else {@code name}, as profiles count favourites. */
        private static String product(Map<?, ?> line) {
            String id = text(line.get("product_id"));
            if (id == null) {
                id = text(line.get("sku"));
            }
            return id != null ? id : text(line.get("name"));
        }

        private static String text(Object value) {
            return value instanceof String text && !text.isBlank() ? text.strip() : null;
        }

        Purchases build() {
            return new Purchases(this);
        }
    }
}
