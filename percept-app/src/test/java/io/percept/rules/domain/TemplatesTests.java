package io.percept.rules.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTests {

    private final TestEvents events = new TestEvents();
    private final Rule rule = TestEvents.rule("id: cart-abandonment\nname: Cart\nwhen: {event: {name: Cart Added}}\n"
            + "actions: [{emit: {event: Offer Issued, properties: {product: '${event.properties.product_id}'}}}]");
    private final Map<String, Object> profile = Map.of("region", "华东", "clv", 2500.0);

    @Test
    void fillsEventProfileAndRulePlaceholders() {
        Event cart = events.track("Cart Added", Duration.ZERO, Map.of("product_id", "sku-1", "price", 120L));
        Firing firing = new Firing(rule, "p-1", cart, 0);

        assertThat(Templates.render("${rule.name} (${rule.id}): ${event.properties.product_id} in ${profile.region}, ${profile.missing}!",
                firing, profile::get)).isEqualTo("Cart (cart-abandonment): sku-1 in 华东, !");
        assertThat(Templates.renderValue(Map.of("price", "${event.properties.price}", "list", List.of("${profile.clv}", "CLV ${profile.clv}"),
                "fixed", 3L), firing, profile::get))
                .isEqualTo(Map.of("price", 120L, "list", List.of(2500.0, "CLV 2500.0"), "fixed", 3L));
        assertThat(Templates.render("50% ${off", firing, profile::get)).isEqualTo("50% ${off");
    }
}
