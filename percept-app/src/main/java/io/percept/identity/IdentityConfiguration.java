package io.percept.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires identity resolution's settings. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    IdentifierExtractor identifierExtractor(IdentitySettings settings) {
        return new IdentifierExtractor(settings);
    }
}
