package io.percept.ingest.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import io.percept.testing.HostileInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Webhook mappings and deliveries under hostile input: {@value #CASES} mutated mapping documents
 * (each parsed as {@code PUT /api/sources/{name}/webhook} does) and, for every valid mapping, a
 * mutated delivery mapped as {@code /v1/webhooks/{source}} does. A mapping is accepted or refused
 * with an {@link IllegalArgumentException} that says why; a delivery that parses as JSON is mapped
 * into messages or rejected with the record and field at fault. Nothing else escapes.
 */
class WebhookFuzzTests {

    private static final int CASES = 20_000;
    private static final List<String> MAPPINGS = List.of("""
            records: $.data.comments[*]
            type: track
            event: Social Comment Posted
            channel: social
            anonymous_id: {template: "weibo:{$.user.id}"}
            message_id: {template: "weibo-comment-{$.id}"}
            timestamp: {column: $.created_at, format: epoch_seconds}
            properties:
              text: $.content
              likes: {column: $.stats.likes, type: integer}
            rules:
              - if: {column: $.deleted, equals: "true"}
                skip: a deleted comment
            """, """
            signature: {secret: "desk-shared-secret-0123456789", header: X-Hub-Signature-256, prefix: "sha256="}
            template: tickets
            columns:
              ticket_id: ticket.id
              customer_id: ticket.requester.external_id
              created_at: ticket.created_at
              description: ticket.description
            """);
    private static final List<String> DELIVERIES = List.of("""
            {"data": {"comments": [
              {"id": 101, "user": {"id": "u9"}, "content": "电池续航太差了", "created_at": 1767225600, "stats": {"likes": 12}},
              {"id": 102, "user": {"id": "u7"}, "content": "spam", "created_at": 1767225660, "deleted": true}]}}""", """
            {"ticket": {"id": 5001, "type": "complaint", "status": "open", "description": "屏幕碎了",
              "requester": {"external_id": "c-42"}, "created_at": "2026-01-02T03:04:05Z"}}""");

    @Test
    void everyHostileMappingAndDeliveryIsHandledOrRefusedWithAReason() {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        int mappings = 0;
        int deliveries = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String document = input.next(MAPPINGS.get(input.nextInt(MAPPINGS.size())));
            WebhookSpec spec;
            try {
                spec = WebhookSpec.parse(document);
                mappings++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("a reason (seed %d)", seed).isNotBlank();
                refused++;
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("mapping " + HostileInput.shorten(document) + " (seed " + seed + ") escaped as " + e, e);
            }
            for (String valid : DELIVERIES) {
                String delivery = input.next(valid);
                Object json;
                try {
                    json = JsonValues.parse(delivery.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notJson) {
                    continue;
                }
                try {
                    RecordMapper.Result result = spec.mapper().map("hook", json, Map.of(), Instant.parse("2026-11-28T00:00:00Z"), false);
                    assertThat(result).isNotNull();
                    deliveries++;
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("delivery " + HostileInput.shorten(delivery) + " to mapping " + HostileInput.shorten(document) + " (seed " + seed + ") escaped as "
                            + e, e);
                }
            }
        }
        assertThat(mappings).as("some mutated mappings stay valid").isPositive();
        System.out.printf("webhook fuzz: %d mappings (%d accepted, %d refused), %d deliveries mapped or rejected, 0 failures, seed %d%n", CASES,
                mappings, refused, deliveries, seed);
    }

}
