package io.percept.profile;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.ProcessorStatus;
import io.percept.eventlog.Processors;
import io.percept.identity.IdentifierExtractor;
import io.percept.perception.TextPerception;
import io.percept.eventlog.ExpiredEvents;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.PersonalData;
import io.percept.platform.RetainedData;
import io.percept.platform.RetainedRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the unify processor, the in-memory profile store (reading voices with text perception) and the profile service. */
@Configuration(proxyBeanMethods = false)
@io.percept.platform.EmbeddedOnly
class ProfileConfiguration {

    @Bean
    ProfileStore profileStore(IdentifierExtractor extractor, ProfileSettings settings, TextPerception textPerception) {
        return new ProfileStore(extractor, settings.rules().withVoices(new TextPerceptionVoices(textPerception)));
    }

    @Bean
    UnifyProcessor unifyProcessor(ProfileStore profileStore, EventLog eventLog, EmbeddedStore store, ProfileSettings settings,
            ObjectProvider<PersonalData> personalData, ObjectProvider<Processors> processors) {
        UnifyProcessor processor = new UnifyProcessor(profileStore, eventLog, store, settings, store.dataDir().resolve("state"));
        // read at each export and erasure: the modules' beans may depend on the profiles themselves
        processor.usePersonalData(() -> personalData.orderedStream().toList());
        processor.useSlowestProcessor(() -> {
            Processors running = processors.getIfAvailable();
            return running == null ? Long.MAX_VALUE : running.statuses().stream()
                    .filter(status -> !status.name().equals(UnifyProcessor.NAME) && !status.down()).mapToLong(ProcessorStatus::position).min()
                    .orElse(Long.MAX_VALUE);
        });
        return processor;
    }

    /** Which events belong to whom follows the events out of the log (docs/deploy.md, Data retention). */
    @Bean
    RetainedData expiringEventIdentities(JdbcClient jdbc) {
        return RetainedRows.derivedWhere(RetainedData.Kind.EVENTS, jdbc, "event_identities", ExpiredEvents.BEFORE);
    }

    @Bean
    RetainedData expiringIdentityAudit(JdbcClient jdbc) {
        return RetainedRows.olderThan(RetainedData.Kind.IDENTITY_AUDIT, jdbc, "identity_audit", "happened_at");
    }

    @Bean
    Profiles profiles(ProfileStore profileStore, UnifyProcessor unifyProcessor, EventLog eventLog, EmbeddedStore store,
            ProfileSettings settings, Clock clock) {
        return new Profiles(profileStore, unifyProcessor, eventLog, store, settings, clock);
    }
}
