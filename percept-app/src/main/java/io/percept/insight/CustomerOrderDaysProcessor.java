package io.percept.insight;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.duckdb.DuckDBAppender;

/**
 * Keeps {@code customer_order_days}: each customer's orders and revenue per business day, region and
 * channel (level 0, the order's amount as the profiles read it) and per product of the order's lines
 * (level 1, price × quantity; an order counts once per product). Orders, day and region are read as
 * {@code order-days} reads them; the customer as {@code activity-days} names it ({@code user_id:<id>},
 * else {@code anonymous_id:<id>}; orders with neither are left out). A batch is summed in memory,
 * staged and appended in the runner's transaction with the checkpoint, so a replayed batch is never
 * counted twice; a key may have one row per batch (readers sum).
 */
final class CustomerOrderDaysProcessor implements LogProcessor {

    static final String NAME = "customer-order-days";

    private final ZoneId zone;
    private final Set<String> orderEvents;
    private final ToDoubleFunction<Attributes> amount;
    private final Function<Event, String> region;

    /**
     * @param amount an order's amount from its properties ({@code Profiles::orderAmount})
     * @param region an order's region as {@code order-days} reads it
     */
    CustomerOrderDaysProcessor(ZoneId zone, Set<String> orderEvents, ToDoubleFunction<Attributes> amount, Function<Event, String> region) {
        this.zone = zone;
        this.orderEvents = Set.copyOf(orderEvents);
        this.amount = amount;
        this.region = region;
    }

    private record Key(int day, String customer, String region, String channel, int level, String sku) {
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
            String customer = ActivityDaysProcessor.customer(event);
            if (customer != null && event.type() == EventType.TRACK && orderEvents.contains(event.name())) {
                add(event, customer, sums);
            }
        }
        if (sums.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // empty, unless a store written before EmbeddedStore.appender kept a failed batch's rows (its appender committed them alone)
            statement.executeUpdate("DELETE FROM customer_order_days_batch");
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection,
                "customer_order_days_batch")) {
            for (Map.Entry<Key, double[]> entry : sums.entrySet()) {
                Key key = entry.getKey();
                appender.beginRow().append(key.day()).append(key.customer()).append(key.region()).append(key.channel())
                        .append((byte) key.level()).append(key.sku()).append((long) entry.getValue()[0]).append(entry.getValue()[1]).endRow();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO customer_order_days (day, customer, region, channel, level, sku, orders, revenue) "
                    + "SELECT DATE '1970-01-01' + day_number, customer, region, channel, level, sku, orders, revenue FROM customer_order_days_batch");
            statement.executeUpdate("DELETE FROM customer_order_days_batch");
        }
    }

    private void add(Event event, String customer, Map<Key, double[]> sums) {
        int day = (int) LocalDate.ofInstant(event.timestamp(), zone).toEpochDay();
        String where = region.apply(event);
        String channel = event.channel().wireName();
        Map<String, Double> products = new HashMap<>();
        if (event.properties().get("products") instanceof List<?> lines) {
            for (Object item : lines) {
                if (item instanceof Map<?, ?> line) {
                    products.merge(OrderDaysProcessor.sku(line), OrderDaysProcessor.revenue(line), Double::sum);
                }
            }
        }
        add(sums, new Key(day, customer, where, channel, 0, ""), amount.applyAsDouble(event.properties()));
        products.forEach((sku, revenue) -> add(sums, new Key(day, customer, where, channel, 1, sku), revenue));
    }

    private static void add(Map<Key, double[]> sums, Key key, double revenue) {
        double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
        sum[0]++;
        sum[1] += revenue;
    }
}
