package io.percept.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.percept.platform.EmbeddedStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the webhook deliveries; pending ones resume as the context starts and stay pending when it stops. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean(destroyMethod = "close")
    Deliveries deliveries(EmbeddedStore store, DeliverySettings settings, MeterRegistry meters, Clock clock) {
        Deliveries deliveries = new Deliveries(store, settings, meters, clock);
        deliveries.start();
        return deliveries;
    }
}
