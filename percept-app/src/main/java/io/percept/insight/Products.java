package io.percept.insight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The products orders have named (table {@code products}, kept by processor {@code product-catalogue}):
 * their names for pages that would otherwise show codes. The whole table is small (a catalogue) and
 * read again at most once per {@link #REFRESH}.
 */
public class Products {

    /** How long the catalogue read last is used. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Map<String, String> names = Map.of();
    private volatile Instant readAt = Instant.MIN;

    Products(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A product's name, else the code itself (a product no order named). */
    public String name(String sku) {
        return sku == null ? null : names().getOrDefault(sku, sku);
    }

    /** The names of the products, in the order given; codes without a name map to themselves. */
    public Map<String, String> names(Collection<String> skus) {
        Map<String, String> all = names();
        Map<String, String> named = new LinkedHashMap<>();
        for (String sku : skus) {
            named.put(sku, all.getOrDefault(sku, sku));
        }
        return named;
    }

    private Map<String, String> names() {
        Instant now = clock.instant();
        if (readAt.plus(REFRESH).isBefore(now)) {
            Map<String, String> read = new LinkedHashMap<>();
            jdbc.sql("SELECT sku, name FROM products ORDER BY sku").query(row -> {
                read.put(row.getString(1), row.getString(2));
            });
            names = Map.copyOf(read);
            readAt = now;
        }
        return names;
    }
}
