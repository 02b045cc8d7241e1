package io.percept.ingest.domain.mapping;

import static io.percept.ingest.domain.mapping.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowEvaluatorTests {

    private static RowEvaluator evaluator(Map<String, Object> document) {
        return new RowEvaluator(MappingParser.parse(document, name -> null), text -> Map.of("parsed", text));
    }

    private static Map<String, Object> doc(Object... keysAndValues) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            document.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(RowOutcome outcome) {
        assertThat(outcome).isInstanceOf(RowOutcome.Mapped.class);
        return (Map<String, Object>) ((RowOutcome.Mapped) outcome).message().get("properties");
    }

    @Test
    void buildsASegmentMessageWithTypedValues() {
        RowEvaluator evaluator = evaluator(doc("event", "Review Submitted", "user_id", "customer", "channel", "ecommerce",
                "timestamp", Map.of("column", "created", "format", "yyyy/MM/dd HH:mm", "zone", "Asia/Shanghai"),
                "properties", Map.of("rating", Map.of("column", "stars", "type", "integer"), "score", Map.of("column", "score", "type", "number"),
                        "verified", Map.of("column", "verified", "type", "boolean"), "text", "comment",
                        "meta", Map.of("column", "meta", "type", "json"), "note", "note")));

        RowOutcome outcome = evaluator.evaluate(row(2, "customer", " c-7 ", "created", "2026/11/27 16:30", "stars", "5", "score", "4.5",
                "verified", "Yes", "comment", "质量很好", "meta", "{}", "note", "nan"));

        Map<String, Object> message = ((RowOutcome.Mapped) outcome).message();
        assertThat(message).containsEntry("type", "track").containsEntry("event", "Review Submitted").containsEntry("userId", "c-7")
                .containsEntry("channel", "ecommerce").containsEntry("timestamp", "2026-11-27T08:30:00Z");
        assertThat(properties(outcome)).containsEntry("rating", 5L).containsEntry("score", 4.5).containsEntry("verified", true)
                .containsEntry("text", "质量很好").containsEntry("meta", Map.of("parsed", "{}")).doesNotContainKey("note");
    }

    @Test
    void rejectsCellsThatDoNotConvertNamingColumnAndField() {
        RowEvaluator evaluator = evaluator(doc("event", "E", "user_id", "u", "timestamp", Map.of("column", "t", "format", "yyyy-MM-dd HH:mm:ss"),
                "properties", Map.of("quantity", Map.of("column", "q", "type", "integer"))));

        assertThat(evaluator.evaluate(row(3, "u", "a", "t", "2011-12-09 12:50:00", "q", "six")))
                .isEqualTo(new RowOutcome.Rejected("properties.quantity", "column q: 'six' is not an integer"));
        assertThat(evaluator.evaluate(row(4, "u", "a", "t", "09/12/2011", "q", "6")))
                .isEqualTo(new RowOutcome.Rejected("timestamp", "column t: '09/12/2011' is not a date-time in the format yyyy-MM-dd HH:mm:ss"));
        assertThat(evaluator.evaluate(row(5, "u", "a", "t", "", "q", "6")))
                .isEqualTo(new RowOutcome.Rejected("timestamp", "column t is empty"));
        assertThat(properties(evaluator.evaluate(row(6, "u", "a", "t", "2011-12-09 12:50:00", "q", "6.0")))).containsEntry("quantity", 6L);
    }

    @Test
    void readsEpochTimesAndIsoTimesWithTheMappingsZone() {
        RowEvaluator epoch = evaluator(doc("event", "E", "anonymous_id", "d", "timestamp", Map.of("column", "t", "format", "epoch_seconds")));
        RowEvaluator iso = evaluator(doc("event", "E", "anonymous_id", "d", "timestamp", Map.of("column", "t", "zone", "+08:00")));

        assertThat(((RowOutcome.Mapped) epoch.evaluate(row(1, "d", "x", "t", "1764232200.5"))).message().get("timestamp"))
                .isEqualTo("2025-11-27T08:30:00.500Z");
        assertThat(((RowOutcome.Mapped) iso.evaluate(row(1, "d", "x", "t", "2026-11-27T08:30:00"))).message().get("timestamp"))
                .isEqualTo("2026-11-27T00:30:00Z");
        assertThat(((RowOutcome.Mapped) iso.evaluate(row(1, "d", "x", "t", "2026-11-27T08:30:00Z"))).message().get("timestamp"))
                .isEqualTo("2026-11-27T08:30:00Z");
    }

    @Test
    void rulesRejectSkipOrOverrideInOrder() {
        RowEvaluator evaluator = evaluator(doc("event", "Order Completed", "user_id", "customer", "properties", Map.of("order_id", "order"),
                "rules", List.of(
                        Map.of("if", Map.of("column", "order", "starts_with", "A"), "reject", "an accounting adjustment"),
                        Map.of("if", Map.of("all", List.of(Map.of("column", "price", "less_or_equal", 0), Map.of("not", Map.of("column", "order", "starts_with", "C")))),
                                "skip", "free item"),
                        Map.of("if", Map.of("column", "order", "starts_with", "C"), "set", Map.of("event", "Order Refunded")),
                        Map.of("if", Map.of("column", "customer", "empty", true),
                                "set", Map.of("anonymous_id", Map.of("template", "receipt-{order}"))))));

        assertThat(evaluator.evaluate(row(1, "order", "A563185", "customer", "", "price", "-11062.06")))
                .isEqualTo(new RowOutcome.Rejected("rule", "an accounting adjustment"));
        assertThat(evaluator.evaluate(row(2, "order", "536414", "customer", "", "price", "0"))).isEqualTo(new RowOutcome.Skipped("free item"));
        Map<String, Object> refund = ((RowOutcome.Mapped) evaluator.evaluate(row(3, "order", "C536379", "customer", "14527", "price", "27.5"))).message();
        assertThat(refund).containsEntry("event", "Order Refunded").containsEntry("userId", "14527").doesNotContainKey("anonymousId");
        Map<String, Object> walkIn = ((RowOutcome.Mapped) evaluator.evaluate(row(4, "order", "536544", "customer", "nan", "price", "2.5"))).message();
        assertThat(walkIn).containsEntry("event", "Order Completed").containsEntry("anonymousId", "receipt-536544").doesNotContainKey("userId");
    }

    @Test
    void combinesTemplatesFirstPresentValuesAndLookups() {
        RowEvaluator evaluator = evaluator(doc("event", "E", "user_id", Map.of("first", List.of("member_id", "phone")),
                "properties", Map.of("url", Map.of("template", "https://shop.example/p/{sku}"),
                        "sentiment", Map.of("column", "label", "map", Map.of("1", "positive", "0", "negative"), "otherwise", "unknown"))));

        Map<String, Object> message = ((RowOutcome.Mapped) evaluator.evaluate(row(1, "member_id", "", "phone", "13800138000", "sku", "P-1",
                "label", "1"))).message();
        Map<String, Object> other = ((RowOutcome.Mapped) evaluator.evaluate(row(2, "member_id", "m-9", "phone", "", "sku", "",
                "label", "7"))).message();

        assertThat(message).containsEntry("userId", "13800138000");
        assertThat(message.get("properties")).isEqualTo(Map.of("url", "https://shop.example/p/P-1", "sentiment", "positive"));
        assertThat(other).containsEntry("userId", "m-9");
        assertThat(other.get("properties")).isEqualTo(Map.of("sentiment", "unknown"));
    }

    @Test
    void groupsOrderLinesIntoOneMessageWithItemsAndTotals() {
        ImportMapping mapping = MappingParser.parse(doc("event", "Order Completed", "user_id", "customer", "properties", Map.of("order_id", "order"),
                "group_by", List.of("order"), "items", Map.of("property", "products", "fields",
                        Map.of("sku", "sku", "quantity", Map.of("column", "qty", "type", "number"))),
                "totals", new LinkedHashMap<>(Map.of("revenue", Map.of("sum_of_products", List.of("qty", "price"), "round", 2)))), name -> null);
        RowEvaluator evaluator = new RowEvaluator(mapping, text -> text);
        GroupAccumulator groups = new GroupAccumulator(mapping.grouping());
        List<io.percept.ingest.domain.mapping.Row> rows = List.of(
                row(2, "order", "536365", "customer", "17850", "sku", "85123A", "qty", "6", "price", "2.55"),
                row(3, "order", "536365", "customer", "17850", "sku", "71053", "qty", "6", "price", "3.39"),
                row(4, "order", "536366", "customer", "17850", "sku", "22633", "qty", "6", "price", "1.85"),
                row(5, "order", "536365", "customer", "17850", "sku", "71053", "qty", "6", "price", "3.39"));
        for (io.percept.ingest.domain.mapping.Row row : rows) {
            groups.add((RowOutcome.Mapped) evaluator.evaluate(row), row.raw(), row.line());
        }

        assertThat(groups.size()).isEqualTo(2);
        GroupAccumulator.Group first = groups.groups().get(0);
        Map<String, Object> order = groups.message(first);
        assertThat(first.rows()).isEqualTo(2);
        assertThat(first.repeats()).isEqualTo(1);
        assertThat(first.firstLine()).isEqualTo(2);
        assertThat(order.get("properties")).isEqualTo(Map.of("order_id", "536365", "revenue", 35.64,
                "products", List.of(Map.of("sku", "85123A", "quantity", 6.0), Map.of("sku", "71053", "quantity", 6.0))));
    }
}
