package io.percept.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the embedded store is open and answers a query; names the file and engine. */
final class StoreHealthIndicator implements HealthIndicator {

    private final EmbeddedStore store;

    StoreHealthIndicator(EmbeddedStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder()
                .withDetail("file", store.dataDir().resolve(EmbeddedStore.DATABASE_FILE).toString())
                .withDetail("engine", "DuckDB " + store.engineVersion())
                .withDetail("schemaVersion", store.schemaVersion());
        if (!store.isOpen()) {
            return health.down().withDetail("error", "closed").build();
        }
        try (Connection connection = store.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return health.up().build();
        } catch (SQLException e) {
            return health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }
}
