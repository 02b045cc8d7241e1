package io.percept.segmentation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.testing.HostileInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The segment language under hostile input: {@value #CASES} generated definitions (injection
 * payloads, huge and deeply nested text, random mutations of valid definitions). Each either parses
 * into an expression that evaluates and round-trips through its text, or is refused with a
 * {@link SegmentSyntaxException} that names a column inside the text. Nothing else escapes: no
 * other exception, no stack overflow, no hang. Definitions are never SQL: an injection attempt is
 * a syntax error or a string compared as a string.
 */
class ExpressionFuzzTests {

    private static final int CASES = 50_000;
    private static final Fields FIELDS = new Fields(Map.ofEntries(Map.entry("orders", Fields.Type.NUMBER), Map.entry("revenue", Fields.Type.NUMBER),
            Map.entry("region", Fields.Type.TEXT), Map.entry("lastOrder", Fields.Type.TIME), Map.entry("marketingConsent", Fields.Type.BOOLEAN),
            Map.entry("topics90d", Fields.Type.TEXT_LIST), Map.entry("traits.", Fields.Type.ANY), Map.entry("orders(", Fields.Type.NUMBER),
            Map.entry("events(", Fields.Type.NUMBER)),
            Map.of("orders(", Map.of("category", List.of()), "events(", Map.of("name", List.of(), "channel", List.of("web", "app"))));
    private static final List<String> VALID = List.of(
            "orders >= 2 and region in (\"华东\", '华南') and lastOrder within 30d and marketingConsent = true",
            "orders > 5 or region = \"华东\" and not (lastSentiment < 0)",
            "region = \"华东\" 且 (orders > 1 或 revenue >= 1000)",
            "非 topics90d 包含 \"logistics\"",
            "orders(category: \"手机\", within: 90d) >= 2 and events(name: \"Product Viewed\", channel: web, within: 7d) > 3",
            "traits.vip = true and revenue between 100 and 500",
            "region is null or region != 'x'");

    @Test
    void everyHostileDefinitionParsesOrIsRefusedWithAColumn() {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        int parsed = 0;
        int refused = 0;
        Map<String, Object> values = new HashMap<>(Map.of("orders", 3L, "revenue", 250.0, "region", "华东", "marketingConsent", true,
                "topics90d", List.of("price")));
        Subject subject = values::get;
        for (int i = 0; i < CASES; i++) {
            String definition = input.next(VALID.get(input.nextInt(VALID.size())));
            try {
                Expression expression = ExpressionParser.parse(definition, FIELDS);
                expression.test(subject, 1_790_000_000_000_000L);
                assertThat(ExpressionParser.parse(expression.text(), FIELDS)).as("round trip of %s (seed %d)", HostileInput.shorten(definition), seed)
                        .isEqualTo(expression);
                parsed++;
            } catch (SegmentSyntaxException e) {
                assertThat(e.getMessage()).as("a message (seed %d)", seed).isNotBlank();
                assertThat(e.column()).as("the column of %s (seed %d)", HostileInput.shorten(definition), seed).isBetween(1, definition.length() + 1);
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("definition " + HostileInput.shorten(definition) + " (seed " + seed + ") escaped as " + e, e);
            }
        }
        assertThat(parsed).as("some mutations stay valid").isPositive();
        assertThat(refused).isPositive();
        System.out.printf("segment language fuzz: %d definitions, %d parsed, %d refused with a column, 0 failures, seed %d%n", CASES, parsed,
                refused, seed);
    }

}
