package io.percept.insight;

import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.duckdb.DuckDBAppender;

/**
 * Keeps {@code order_buyers}: each (day, region, category, sku, customer) of an order's lines, so
 * distinct buyers of some products can be counted from a table (an initiative's adoption). Orders are
 * the events {@code order-days} counts; day, region and product are read as it reads them; the
 * customer is the order's {@code userId}, else its {@code anonymousId} (orders with neither are left
 * out). A separate processor from {@code order-days} so a store that already had orders fills this
 * table by replaying the log once. Set-based insert of new rows only: a replay adds nothing. Kept in
 * day order when idle ({@link DayOrder}).
 */
final class OrderBuyersProcessor implements LogProcessor {

    static final String NAME = "order-buyers";

    private final ZoneId zone;
    private final Set<String> orderEvents;
    private final Function<Event, String> region;
    private final DataSource dataSource;
    private final DayOrder order;

    /** @param dataSource and {@code stretch}: where and by how many rows the table is kept in day order ({@link DayOrder}) */
    OrderBuyersProcessor(ZoneId zone, Set<String> orderEvents, Function<Event, String> region, DataSource dataSource, long stretch) {
        this.zone = zone;
        this.orderEvents = Set.copyOf(orderEvents);
        this.region = region;
        this.dataSource = dataSource;
        this.order = new DayOrder("order_buyers", "day, region, category, sku, customer", stretch);
    }

    private record Key(int day, String region, String category, String sku, String customer) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        Set<Key> keys = new HashSet<>();
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            String customer = event.userId() != null && !event.userId().isBlank() ? event.userId().strip()
                    : event.anonymousId() != null && !event.anonymousId().isBlank() ? event.anonymousId().strip() : null;
            if (customer == null || event.type() != EventType.TRACK || !orderEvents.contains(event.name())
                    || !(event.properties().get("products") instanceof List<?> lines)) {
                continue;
            }
            int day = (int) LocalDate.ofInstant(event.timestamp(), zone).toEpochDay();
            String where = region.apply(event);
            for (Object item : lines) {
                if (item instanceof Map<?, ?> line) {
                    keys.add(new Key(day, where, OrderDaysProcessor.text(line.get("category")), OrderDaysProcessor.sku(line), customer));
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // empty, unless a store written before EmbeddedStore.appender kept a failed batch's rows (its appender committed them alone)
            statement.executeUpdate("DELETE FROM order_buyers_batch");
        }
        try (DuckDBAppender appender = EmbeddedStore.appender(connection, "order_buyers_batch")) {
            for (Key key : keys) {
                appender.beginRow().append(key.day()).append(key.region()).append(key.category()).append(key.sku()).append(key.customer()).endRow();
            }
        }
        try (Statement statement = connection.createStatement()) {
            order.added(statement.executeUpdate("INSERT INTO order_buyers (day, region, category, sku, customer) "
                    + "SELECT DATE '1970-01-01' + b.day_number, b.region, b.category, b.sku, b.customer FROM order_buyers_batch AS b "
                    + "WHERE NOT EXISTS (SELECT 1 FROM order_buyers AS o WHERE o.day = DATE '1970-01-01' + b.day_number AND o.region = b.region "
                    + "AND o.category = b.category AND o.sku = b.sku AND o.customer = b.customer)"));
            statement.executeUpdate("DELETE FROM order_buyers_batch");
        }
    }

    @Override
    public void idle(long position) throws Exception {
        order.tidy(dataSource);
    }
}
