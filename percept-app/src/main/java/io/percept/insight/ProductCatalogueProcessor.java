package io.percept.insight;

import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code products}: every product an order's lines name, with the name, category and unit price of
 * the latest line naming it and when it was first and last ordered (event time). Orders are the events
 * {@code order-days} counts and a line's product is read as it reads it. A batch is folded in memory to
 * one row per product and upserted (later event time wins the name; the earliest stays first), so a
 * replay gives the same table.
 */
final class ProductCatalogueProcessor implements LogProcessor {

    static final String NAME = "product-catalogue";

    private final Set<String> orderEvents;

    ProductCatalogueProcessor(Set<String> orderEvents) {
        this.orderEvents = Set.copyOf(orderEvents);
    }

    private record Seen(String name, String category, Double price, Instant first, Instant last) {

        Seen merge(Seen other) {
            Seen newer = other.last.isAfter(last) ? other : this;
            return new Seen(newer.name, newer.category, newer.price, first.isBefore(other.first) ? first : other.first, newer.last);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            if (event.type() != EventType.TRACK || !orderEvents.contains(event.name())
                    || !(event.properties().get("products") instanceof List<?> lines)) {
                continue;
            }
            for (Object item : lines) {
                if (item instanceof Map<?, ?> line) {
                    String sku = OrderDaysProcessor.sku(line);
                    if (sku.isEmpty()) {
                        continue;
                    }
                    String name = OrderDaysProcessor.text(line.get("name"));
                    Double price = line.get("price") instanceof Number number ? number.doubleValue() : null;
                    Seen found = new Seen(name.isEmpty() ? sku : name, OrderDaysProcessor.text(line.get("category")), price, event.timestamp(),
                            event.timestamp());
                    seen.merge(sku, found, Seen::merge);
                }
            }
        }
        if (seen.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO products (sku, name, category, price, first_seen, last_seen) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET "
                + "name = CASE WHEN excluded.last_seen >= products.last_seen THEN excluded.name ELSE products.name END, "
                + "category = CASE WHEN excluded.last_seen >= products.last_seen THEN excluded.category ELSE products.category END, "
                + "price = CASE WHEN excluded.last_seen >= products.last_seen THEN excluded.price ELSE products.price END, "
                + "first_seen = least(products.first_seen, excluded.first_seen), last_seen = greatest(products.last_seen, excluded.last_seen)")) {
            for (Map.Entry<String, Seen> product : seen.entrySet()) {
                Seen s = product.getValue();
                upsert.setString(1, product.getKey());
                upsert.setString(2, s.name());
                upsert.setString(3, s.category());
                upsert.setObject(4, s.price());
                upsert.setObject(5, LocalDateTime.ofInstant(s.first(), ZoneOffset.UTC));
                upsert.setObject(6, LocalDateTime.ofInstant(s.last(), ZoneOffset.UTC));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
