package io.percept.platform;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the platform: the embedded store, its data source, the admin token and their checks. */
@Configuration(proxyBeanMethods = false)
@EmbeddedOnly
class PlatformConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedStore embeddedStore(PlatformSettings settings) {
        return EmbeddedStore.open(settings.dataDir(), settings.duckdb().toOptions(), settings.encryption().cipher());
    }

    /** The clock every module reads the time from, so tests can control it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataSource dataSource(EmbeddedStore store) {
        return store.dataSource();
    }

    /** Id lists many queries join (the store's migrations made {@code id_sets}). */
    @Bean
    IdSets idSets(EmbeddedStore store) {
        return new IdSets(store.dataSource());
    }

    @Bean
    AdminToken adminToken(PlatformSettings settings, EmbeddedStore store) {
        return AdminToken.resolve(settings.adminToken(), store.dataDir());
    }

    @Bean
    HealthIndicator storeHealthIndicator(EmbeddedStore store) {
        return new StoreHealthIndicator(store);
    }

    @Bean
    LifecycleLog lifecycleLog(EmbeddedStore store, AdminToken adminToken) {
        return new LifecycleLog(store, adminToken);
    }
}
