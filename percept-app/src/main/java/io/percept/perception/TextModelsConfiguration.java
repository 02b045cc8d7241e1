package io.percept.perception;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires text perception's models, taxonomy and analyser, which both modes use (profiles read texts' sentiment with them). */
@Configuration(proxyBeanMethods = false)
class TextModelsConfiguration {

    @Bean
    TextPerception textPerception(PerceptionSettings settings) {
        return PerceptionConfiguration.create(settings);
    }
}
