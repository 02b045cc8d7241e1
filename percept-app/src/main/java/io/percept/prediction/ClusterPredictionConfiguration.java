package io.percept.prediction;

import io.percept.platform.ClusterOnly;
import io.percept.profile.ClusterProfiles;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The prediction runs' store in cluster mode (PostgreSQL), and the profiles reading the newest scores through the predictions. */
@Configuration(proxyBeanMethods = false)
@ClusterOnly
class ClusterPredictionConfiguration {

    @Bean
    PredictionStore predictionStore(DataSource dataSource) {
        return new ClusterPredictionStore(dataSource);
    }

    @Bean
    SmartInitializingSingleton clusterProfileScores(ClusterProfiles profiles, Predictions predictions) {
        return () -> profiles.readScoresFrom(predictions::currentScores);
    }
}
