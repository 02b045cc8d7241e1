package io.percept.profile;

import io.percept.eventlog.PartitionedProcessor;
import io.percept.eventlog.WritableEventStore;
import io.percept.identity.IdentifierExtractor;
import io.percept.perception.TextPerception;
import io.percept.platform.ClusterOnly;
import io.percept.platform.RetainedData;
import io.percept.platform.RetainedRows;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires profiles in cluster mode: unify as a partitioned processor and reads from PostgreSQL. */
@Configuration(proxyBeanMethods = false)
@ClusterOnly
class ClusterProfileConfiguration {

    @Bean
    ClusterProfiles clusterProfiles(DataSource dataSource, WritableEventStore events, IdentifierExtractor extractor, ProfileSettings settings,
            TextPerception textPerception, Clock clock,
            @org.springframework.beans.factory.annotation.Value("${percept.ingest.dedup.window:24h}") java.time.Duration dedupWindow) {
        ClusterProfiles profiles = new ClusterProfiles(dataSource, events, extractor,
                settings.rules().withVoices(new TextPerceptionVoices(textPerception)), clock, dedupWindow);
        profiles.useConsent(settings.consent());
        return profiles;
    }

    @Bean
    PartitionedProcessor unifyProcessor(ClusterProfiles profiles) {
        return profiles.processor();
    }

    /** Events leave the event store after {@code percept.platform.retention.events}, with their identities (docs/deploy.md, Data retention). */
    @Bean
    RetainedData expiringEvents(ClusterProfiles profiles) {
        return RetainedData.of(RetainedData.Kind.EVENTS, "events", profiles::expireEvents);
    }

    @Bean
    RetainedData expiringIdentityAudit(JdbcClient jdbc) {
        return RetainedRows.olderThan(RetainedData.Kind.IDENTITY_AUDIT, jdbc, "identity_audit", "happened_at");
    }
}
