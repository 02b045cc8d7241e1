package io.percept.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Deleting old firings and delivered webhooks, over a real store. */
class RuleRetentionTests {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    private EmbeddedStore store;
    private JdbcClient jdbc;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, new StoreOptions(256, 2, 0));
        jdbc = JdbcClient.create(store.dataSource());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void deletesOldDispatchedFiringsAndOldDeliveredWebhooksAndKeepsTheDeadLetterAndWhatIsRecentOrUndispatched() {
        jdbc.sql("UPDATE rule_dispatch SET position = 20").update();
        firing("old-dispatched", 10, 40);
        firing("old-undispatched", 30, 40);
        firing("recent", 15, 2);
        delivery(1, "delivered", 40);
        delivery(2, "dead", 40);
        delivery(3, "pending", 40);
        delivery(4, "delivered", 2);

        long[] deleted = new RuleRetention(jdbc, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)).sweep();

        assertThat(deleted).containsExactly(1, 1);
        assertThat(jdbc.sql("SELECT idempotency_key FROM rule_firings ORDER BY seq").query(String.class).list())
                .containsExactly("recent", "old-undispatched");
        assertThat(jdbc.sql("SELECT id FROM rule_deliveries ORDER BY id").query(Long.class).list()).isEqualTo(List.of(2L, 3L, 4L));
    }

    private void firing(String key, long seq, int daysAgo) {
        jdbc.sql("INSERT INTO rule_firings (rule_id, idempotency_key, seq, fired_at, payload) VALUES ('r', ?, ?, ?, '{}')")
                .params(key, seq, LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC)).update();
    }

    private void delivery(long id, String status, int daysAgo) {
        LocalDateTime created = LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC);
        jdbc.sql("INSERT INTO rule_deliveries (id, rule_id, idempotency_key, url, destination, payload, timeout_ms, max_attempts, status, attempts, "
                + "created_at, next_attempt_at) VALUES (?, 'r', ?, 'http://h/x', 'http://h:80', '{}', 5000, 8, ?, 1, ?, ?)")
                .params(id, "k" + id, status, created, created).update();
    }
}
