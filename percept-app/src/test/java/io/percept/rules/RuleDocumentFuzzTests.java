package io.percept.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.testing.HostileInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule documents under hostile input, as the rules API and {@code percept rules check} read them:
 * {@value #CASES} generated documents (mutated YAML and JSON, injection payloads in every field,
 * huge and deeply nested text, a YAML alias bomb). Each is read and checked as a rule, or refused
 * with an {@link IllegalArgumentException} whose message says what is wrong. No other exception
 * escapes, and a bomb is refused before it expands.
 */
class RuleDocumentFuzzTests {

    private static final int CASES = 30_000;
    private static final List<String> VALID = List.of("""
            id: cart-abandonment
            name: 购物车放弃挽回
            when:
              event: {type: track, name: ["Product Added", "Cart Added"], channel: [web, app], where: [{property: "properties.price", op: ">=", value: 100}]}
            if: 'clv > 2000 and region = "华东"'
            throttle: {max: 1, per: 24h}
            actions:
              - webhook: {url: "https://crm.example.com/hook", secret: s3cret, timeout: 5s, maxAttempts: 8}
              - emit: {event: "Offer Issued", properties: {offer: CART10, product: "${event.properties.product_id}"}}
              - setTraits: {vip: true, tags: [retention]}
            """, """
            id: churn-watch
            when: {schedule: 1h}
            if: churnRisk > 0.7
            actions: [{alert: {severity: high, title: "Churn risk of ${profile.name}"}}]
            """, """
            {"id": "big-order", "when": {"event": {"name": "Order Completed"}}, "actions": [{"tag": {"add": ["big"]}}]}
            """);
    private static final String ALIAS_BOMB = """
            a: &a ["x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            id: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            """;

    @Test
    void everyHostileDocumentIsCheckedOrRefusedWithAMessage() {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String text = i == 0 ? ALIAS_BOMB : input.next(VALID.get(input.nextInt(VALID.size())));
            try {
                Map<String, Object> document = RuleDocuments.parse(text, "the request");
                RuleDocuments.check(document, false);
                accepted++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("a message for %s (seed %d)", HostileInput.shorten(text), seed).isNotBlank();
                refused++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("document " + HostileInput.shorten(text) + " (seed " + seed + ") escaped as " + e, e);
            }
        }
        assertThat(accepted).as("some mutations stay valid").isPositive();
        System.out.printf("rule document fuzz: %d documents, %d accepted, %d refused with a message, 0 failures, seed %d%n", CASES, accepted,
                refused, seed);
    }

}
