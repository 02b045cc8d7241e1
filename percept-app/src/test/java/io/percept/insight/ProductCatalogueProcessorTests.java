package io.percept.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class ProductCatalogueProcessorTests {

    @TempDir
    Path dir;

    private static LoggedEvent order(long seq, String instant, List<Map<String, Object>> lines) {
        return new LoggedEvent(seq, Event.builder(EventType.TRACK, new MessageId("m" + seq), new SourceName("shop"), Channel.WEB).userId("u")
                .name("Order Completed").timestamp(Instant.parse(instant)).properties(Attributes.copyOf(Map.of("products", lines))).build());
    }

    @Test
    void theLatestLineNamesAProductAndTheEarliestOrderStaysItsFirst() throws Exception {
        ProductCatalogueProcessor processor = new ProductCatalogueProcessor(Set.of("Order Completed"));
        try (EmbeddedStore store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS); Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            processor.process(List.of(
                    order(1, "2026-11-02T10:00:00Z", List.of(Map.of("product_id", "QH-PH-02", "name", "青禾 Ultra 12", "category", "手机", "price", 4999),
                            Map.of("sku", "CASE-1", "category", "配件"))),
                    // an older order in the same batch: it is the first, but does not name the product
                    order(2, "2026-10-01T10:00:00Z", List.of(Map.of("product_id", "QH-PH-02", "name", "旧名", "category", "手机", "price", 5999)))),
                    connection);
            // renamed later; and a batch out of order (older) does not take the name back
            processor.process(List.of(order(3, "2026-11-20T10:00:00Z", List.of(Map.of("product_id", "QH-PH-02", "name", "青禾 Ultra 13",
                    "category", "手机", "price", 5999)))), connection);
            processor.process(List.of(order(4, "2026-11-05T10:00:00Z", List.of(Map.of("product_id", "QH-PH-02", "name", "青禾 Ultra 12",
                    "category", "手机")))), connection);
            // not an order, and a line without any product field: nothing
            processor.process(List.of(new LoggedEvent(5, Event.builder(EventType.TRACK, new MessageId("m5"), new SourceName("shop"), Channel.WEB)
                    .userId("u").name("Product Viewed").timestamp(Instant.parse("2026-11-21T10:00:00Z"))
                    .properties(Attributes.copyOf(Map.of("products", List.of(Map.of("product_id", "VIEWED-1"))))).build()),
                    order(6, "2026-11-21T10:00:00Z", List.of(Map.of("quantity", 1)))), connection);
            connection.commit();

            JdbcClient jdbc = JdbcClient.create(store.dataSource());
            List<List<Object>> rows = jdbc.sql("SELECT sku, name, category, price, first_seen, last_seen FROM products ORDER BY sku")
                    .query((row, i) -> List.<Object>of(row.getString(1), row.getString(2), row.getString(3), row.getObject(4) == null ? "null" : row.getDouble(4),
                            row.getObject(5, LocalDateTime.class), row.getObject(6, LocalDateTime.class))).list();
            assertThat(rows).containsExactly(
                    List.of("CASE-1", "CASE-1", "配件", "null", LocalDateTime.parse("2026-11-02T10:00"), LocalDateTime.parse("2026-11-02T10:00")),
                    List.of("QH-PH-02", "青禾 Ultra 13", "手机", 5999.0, LocalDateTime.parse("2026-10-01T10:00"), LocalDateTime.parse("2026-11-20T10:00")));

            Products products = new Products(jdbc, Clock.systemUTC());
            assertThat(products.name("QH-PH-02")).isEqualTo("青禾 Ultra 13");
            assertThat(products.names(List.of("QH-PH-02", "NEVER-ORDERED"))).containsExactly(Map.entry("QH-PH-02", "青禾 Ultra 13"),
                    Map.entry("NEVER-ORDERED", "NEVER-ORDERED"));
        }
    }
}
