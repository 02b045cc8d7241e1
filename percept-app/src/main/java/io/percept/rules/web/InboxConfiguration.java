package io.percept.rules.web;

import io.percept.rules.DeliverySettings;
import io.percept.rules.WebhookInbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the inbox's signature check in front of the security chain, which lets a post whose signature verified through. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("percept.rules.inbox.enabled")
class InboxConfiguration {

    @Bean
    FilterRegistrationBean<InboxSignatureFilter> inboxSignatureFilter(WebhookInbox inbox, DeliverySettings deliveries) {
        FilterRegistrationBean<InboxSignatureFilter> registration = new FilterRegistrationBean<>(
                new InboxSignatureFilter(inbox, deliveries.signatureHeader()));
        registration.addUrlPatterns(InboxSignatureFilter.PREFIX + "*");
        registration.setName("inboxSignatureFilter");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }
}
