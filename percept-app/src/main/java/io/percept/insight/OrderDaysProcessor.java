package io.percept.insight;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.duckdb.DuckDBAppender;

/**
 * Adds orders (track events named in {@code percept.profile.order-events}) into {@code order_days}
 * (each order once, its amount as profiles read it), {@code order_day_categories} (once per category
 * it contains, with those lines' units and revenue) and {@code order_day_skus} (once per sku), by
 * business day and hour, region and channel. Refunds are not subtracted: the figures are orders
 * placed. A batch is aggregated in memory, appended to a staging table and added set-based in the
 * runner's transaction, which also stores the checkpoint, so a replayed batch is never counted twice.
 *
 * <p>Region: the order's own {@code properties.region}, else {@code context.location.region}, else
 * {@code regionOfCustomer} (the customer's profile region when the order is processed), else
 * {@code ""}.
 */
final class OrderDaysProcessor implements LogProcessor {

    static final String NAME = "order-days";
    private static final int ORDER = 0;
    private static final int CATEGORY = 1;
    private static final int SKU = 2;
    private static final String[] TABLES = {"order_days", "order_day_categories", "order_day_skus"};
    private static final String[] KEYS = {"day, hour, region, channel", "day, hour, region, channel, category",
            "day, hour, region, channel, category, sku"};

    private final ZoneId zone;
    private final Set<String> orderEvents;
    private final ToDoubleFunction<Attributes> amount;
    private final Function<Event, String> regionOfCustomer;

    /**
     * @param amount           an order's amount from its properties ({@code Profiles::orderAmount})
     * @param regionOfCustomer the region of the customer behind an event, or {@code null}
     */
    OrderDaysProcessor(ZoneId zone, Set<String> orderEvents, ToDoubleFunction<Attributes> amount, Function<Event, String> regionOfCustomer) {
        this.zone = zone;
        this.orderEvents = Set.copyOf(orderEvents);
        this.amount = amount;
        this.regionOfCustomer = regionOfCustomer;
    }

    private record Key(int level, int day, int hour, String region, String channel, String category, String sku) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        Map<Key, double[]> sums = new HashMap<>();
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            if (event.type() == EventType.TRACK && orderEvents.contains(event.name())) {
                add(event, sums);
            }
        }
        if (sums.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // empty, unless a store written before EmbeddedStore.appender kept a failed batch's rows (its appender committed them alone)
            statement.executeUpdate("DELETE FROM order_days_batch");
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "order_days_batch")) {
            for (Map.Entry<Key, double[]> entry : sums.entrySet()) {
                Key key = entry.getKey();
                double[] sum = entry.getValue();
                appender.beginRow().append((byte) key.level()).append(key.day()).append((byte) key.hour()).append(key.region())
                        .append(key.channel()).append(key.category()).append(key.sku()).append((long) sum[0]).append(sum[1])
                        .append(sum[2]).endRow();
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (int level = ORDER; level <= SKU; level++) {
                String matches = matches(level);
                String table = TABLES[level];
                // the keys just updated exist, so the insert skips them
                statement.executeUpdate("UPDATE " + table + " AS e SET orders = e.orders + b.orders, units = e.units + b.units, "
                        + "revenue = e.revenue + b.revenue FROM order_days_batch AS b WHERE b.level = " + level + " AND " + matches);
                String columns = "DATE '1970-01-01' + b.day_number, b.hour, b.region, b.channel" + (level >= CATEGORY ? ", b.category" : "")
                        + (level == SKU ? ", b.sku" : "");
                statement.executeUpdate("INSERT INTO " + table + " (" + KEYS[level] + ", orders, units, revenue) SELECT " + columns
                        + ", b.orders, b.units, b.revenue FROM order_days_batch AS b WHERE b.level = " + level
                        + " AND NOT EXISTS (SELECT 1 FROM " + table + " AS e WHERE " + matches + ")");
            }
            statement.executeUpdate("DELETE FROM order_days_batch");
        }
    }

    private static String matches(int level) {
        StringBuilder sql = new StringBuilder("e.day = DATE '1970-01-01' + b.day_number AND e.hour = b.hour AND e.region = b.region "
                + "AND e.channel = b.channel");
        if (level >= CATEGORY) {
            sql.append(" AND e.category = b.category");
        }
        if (level == SKU) {
            sql.append(" AND e.sku = b.sku");
        }
        return sql.toString();
    }

    private void add(Event event, Map<Key, double[]> sums) {
        LocalDateTime local = LocalDateTime.ofInstant(event.timestamp(), zone);
        int day = (int) local.toLocalDate().toEpochDay();
        int hour = local.getHour();
        String region = region(event);
        String channel = event.channel().wireName();
        Attributes properties = event.properties();
        Map<String, double[]> categories = new LinkedHashMap<>();
        Map<List<String>, double[]> skus = new LinkedHashMap<>();
        double units = 0;
        if (properties.get("products") instanceof List<?> lines) {
            for (Object item : lines) {
                if (item instanceof Map<?, ?> line) {
                    double quantity = quantity(line);
                    double revenue = revenue(line);
                    String category = text(line.get("category"));
                    String sku = sku(line);
                    units += quantity;
                    accumulate(categories.computeIfAbsent(category, c -> new double[3]), quantity, revenue);
                    accumulate(skus.computeIfAbsent(List.of(category, sku), s -> new double[3]), quantity, revenue);
                }
            }
        }
        if (units == 0 && properties.number("units").isPresent()) {
            units = properties.number("units").getAsDouble();
        }
        merge(sums, new Key(ORDER, day, hour, region, channel, "", ""), new double[] {1, units, amount.applyAsDouble(properties)});
        categories.forEach((category, sum) -> merge(sums, new Key(CATEGORY, day, hour, region, channel, category, ""), sum));
        skus.forEach((key, sum) -> merge(sums, new Key(SKU, day, hour, region, channel, key.get(0), key.get(1)), sum));
    }

    private static void accumulate(double[] sum, double units, double revenue) {
        sum[0] = 1; // one order, however many lines it has of this key
        sum[1] += units;
        sum[2] += revenue;
    }

    private static void merge(Map<Key, double[]> sums, Key key, double[] order) {
        double[] sum = sums.computeIfAbsent(key, k -> new double[3]);
        sum[0] += order[0];
        sum[1] += order[1];
        sum[2] += order[2];
    }

    String region(Event event) {
        String region = text(event.properties().get("region"));
        if (region.isEmpty()) {
            region = text(event.context().object("location").get("region"));
        }
        if (region.isEmpty() && regionOfCustomer != null) {
            String ofCustomer = regionOfCustomer.apply(event);
            region = ofCustomer == null ? "" : ofCustomer.strip();
        }
        return region;
    }

    /** A line's quantity: {@code quantity}, else 1. */
    static double quantity(Map<?, ?> line) {
        return line.get("quantity") instanceof Number number ? number.doubleValue() : 1;
    }

    /** A line's revenue: {@code price × quantity}, 0 without a price. */
    static double revenue(Map<?, ?> line) {
        return line.get("price") instanceof Number price ? price.doubleValue() * quantity(line) : 0;
    }

    /** A line's product: {@code product_id}, else {@code sku}, else {@code name}. */
    static String sku(Map<?, ?> line) {
        for (String field : new String[] {"product_id", "sku", "name"}) {
            String value = text(line.get(field));
            if (!value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    static String text(Object value) {
        return value == null ? "" : value.toString().strip();
    }
}
