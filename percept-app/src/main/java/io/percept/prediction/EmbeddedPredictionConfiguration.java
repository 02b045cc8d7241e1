package io.percept.prediction;

import io.percept.eventlog.EventLog;
import io.percept.platform.EmbeddedOnly;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.PersonalData;
import io.percept.profile.Profiles;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The prediction runs' store on the embedded DuckDB file. */
@Configuration(proxyBeanMethods = false)
@EmbeddedOnly
class EmbeddedPredictionConfiguration {

    @Bean
    PredictionStore predictionStore(JdbcClient jdbc, EmbeddedStore store, EventLog eventLog, Profiles profiles) {
        return new EmbeddedPredictionStore(jdbc, store, eventLog, profiles);
    }

    /** A person's scores of every stored run: exported and erased with them. */
    @Bean
    PersonalData scoresPersonalData() {
        return () -> List.of(new PersonalData.Table("profile_scores", "profile_id = :profile"));
    }
}
