package io.percept.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the platform in cluster mode: PostgreSQL as the store and its data source, the admin token and the health check. */
@Configuration(proxyBeanMethods = false)
@ClusterOnly
class ClusterPlatformConfiguration {

    @Bean(destroyMethod = "close")
    ClusterDatabase clusterDatabase(ClusterSettings settings, PlatformSettings platform) {
        if (!platform.encryption().key().isBlank()) {
            throw new EncryptionKeyException("Encryption at rest (PERCEPT_ENCRYPTION_KEY) is built for the embedded store only; in cluster "
                    + "mode use PostgreSQL's and Kafka's storage encryption and unset the key");
        }
        return ClusterDatabase.open(settings.postgres());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataSource dataSource(ClusterDatabase database) {
        return database.dataSource();
    }

    @Bean
    AdminToken adminToken(PlatformSettings settings) {
        return AdminToken.required(settings.adminToken(), settings.dataDir());
    }

    @Bean
    HealthIndicator storeHealthIndicator(ClusterDatabase database) {
        return () -> {
            try (Connection connection = database.dataSource().getConnection()) {
                boolean valid = connection.isValid(2);
                return (valid ? Health.up() : Health.down()).withDetail("engine", "PostgreSQL " + database.serverVersion())
                        .withDetail("schemaVersion", database.schemaVersion()).build();
            } catch (SQLException e) {
                return Health.down().withDetail("error", e.getMessage()).build();
            }
        };
    }
}
