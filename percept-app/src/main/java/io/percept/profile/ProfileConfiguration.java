package io.percept.profile;

import io.percept.eventlog.EventLog;
import io.percept.eventlog.LogProcessor;
import io.percept.identity.IdentifierExtractor;
import io.percept.platform.EmbeddedStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the unify processor, the in-memory profile store and the profile service. */
@Configuration(proxyBeanMethods = false)
class ProfileConfiguration {

    @Bean
    ProfileStore profileStore(IdentifierExtractor extractor, ProfileSettings settings) {
        return new ProfileStore(extractor, settings.rules());
    }

    @Bean
    UnifyProcessor unifyProcessor(ProfileStore profileStore, EventLog eventLog, EmbeddedStore store, ProfileSettings settings) {
        return new UnifyProcessor(profileStore, eventLog, store, settings, store.dataDir().resolve("state"));
    }

    @Bean
    Profiles profiles(ProfileStore profileStore, UnifyProcessor unifyProcessor, EventLog eventLog, EmbeddedStore store,
            ProfileSettings settings) {
        return new Profiles(profileStore, unifyProcessor, eventLog, store, settings);
    }
}
