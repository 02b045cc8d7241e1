package io.percept.segmentation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The segment language: precedence, evaluation, both forms round-tripping, and errors that point at the problem. */
class ExpressionParserTests {

    private static final Fields FIELDS = new Fields(Map.ofEntries(Map.entry("orders", Fields.Type.NUMBER), Map.entry("revenue", Fields.Type.NUMBER),
            Map.entry("region", Fields.Type.TEXT), Map.entry("lastOrder", Fields.Type.TIME), Map.entry("marketingConsent", Fields.Type.BOOLEAN),
            Map.entry("topics90d", Fields.Type.TEXT_LIST), Map.entry("lastSentiment", Fields.Type.NUMBER), Map.entry("traits.", Fields.Type.ANY),
            Map.entry("orders(", Fields.Type.NUMBER), Map.entry("events", Fields.Type.NUMBER), Map.entry("events(", Fields.Type.NUMBER)),
            Map.of("orders(", Map.of("category", List.of()), "events(", eventArguments()));

    private static Map<String, List<String>> eventArguments() {
        Map<String, List<String>> arguments = new java.util.LinkedHashMap<>();
        arguments.put("name", List.of());
        arguments.put("type", List.of("track", "identify", "page", "screen", "group", "alias"));
        arguments.put("channel", List.of("web", "app", "ecommerce", "store"));
        return arguments;
    }
    private static final long NOW = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2026-11-27T12:00:00Z"));

    private static Subject customer(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return values::get;
    }

    private static long daysAgo(int days) {
        return NOW - days * 86_400_000_000L;
    }

    private static Expression parse(String text) {
        return ExpressionParser.parse(text, FIELDS);
    }

    @Test
    void evaluatesAConjunctionOfComparisonsListsAndTimeWindows() {
        Expression segment = parse("orders >= 2 and region in (\"华东\", '华南') and lastOrder within 30d and marketingConsent = true");

        assertThat(segment.test(customer("orders", 3, "region", "华东", "lastOrder", daysAgo(5), "marketingConsent", true), NOW)).isTrue();
        assertThat(segment.test(customer("orders", 3, "region", "华北", "lastOrder", daysAgo(5), "marketingConsent", true), NOW)).isFalse();
        assertThat(segment.test(customer("orders", 3, "region", "华东", "lastOrder", daysAgo(31), "marketingConsent", true), NOW)).isFalse();
        assertThat(segment.test(customer("orders", 1, "region", "华东", "lastOrder", daysAgo(5), "marketingConsent", true), NOW)).isFalse();
        assertThat(segment.test(customer("region", "华东", "lastOrder", daysAgo(5), "marketingConsent", true), NOW)).as("no orders field").isFalse();
    }

    @Test
    void andBindsTighterThanOrAndParenthesesAndNotWork() {
        Expression segment = parse("orders > 5 or region = \"华东\" and not (lastSentiment < 0)");

        assertThat(segment).isInstanceOf(Expression.Or.class);
        assertThat(segment.test(customer("orders", 9), NOW)).isTrue();
        assertThat(segment.test(customer("orders", 1, "region", "华东", "lastSentiment", 0.4), NOW)).isTrue();
        assertThat(segment.test(customer("orders", 1, "region", "华东", "lastSentiment", -0.4), NOW)).isFalse();
        assertThat(parse("(orders > 5 or region = \"华东\") and lastSentiment < 0")).isInstanceOf(Expression.And.class);
    }

    @Test
    void chineseKeywordsSymbolsAndFullWidthPunctuationAreAccepted() {
        Expression words = parse("region = \"华东\" 且 (orders > 1 或 revenue >= 1000)");
        Expression symbols = parse("region == '华东' && （orders > 1 || revenue >= 1000）");

        assertThat(words).isEqualTo(symbols);
        assertThat(words.test(customer("region", "华东", "orders", 0, "revenue", 1500), NOW)).isTrue();
        assertThat(parse("非 topics90d 包含 \"logistics\"").test(customer("topics90d", List.of("price")), NOW)).isTrue();
    }

    @Test
    void nullsListsTextAndTraits() {
        assertThat(parse("region != \"华东\"").test(customer(), NOW)).as("a missing value is not 华东").isTrue();
        assertThat(parse("region is null").test(customer(), NOW)).isTrue();
        assertThat(parse("region is not null").test(customer("region", "华东"), NOW)).isTrue();
        assertThat(parse("topics90d = \"logistics\"").test(customer("topics90d", List.of("price", "logistics")), NOW)).isTrue();
        assertThat(parse("topics90d != \"logistics\"").test(customer("topics90d", List.of("price", "logistics")), NOW)).isFalse();
        assertThat(parse("topics90d is null").test(customer("topics90d", List.of()), NOW)).as("an empty list").isTrue();
        assertThat(parse("region contains \"东\"").test(customer("region", "华东"), NOW)).isTrue();
        assertThat(parse("traits.plan = \"Pro\"").test(customer("traits.plan", "pro"), NOW)).as("text equality ignores case").isTrue();
        assertThat(parse("lastOrder > \"2026-11-01\"").test(customer("lastOrder", daysAgo(3)), NOW)).isTrue();
    }

    @Test
    void windowedAggregatesNameAWindowAndOptionallyACategory() {
        Expression segment = parse("orders(30d, category = \"手机\") >= 2 and orders(4w) < 10");

        assertThat(segment.text()).isEqualTo("orders(30d, category = \"手机\") >= 2 and orders(4w) < 10");
        List<String> fields = new java.util.ArrayList<>();
        segment.fields(fields);
        assertThat(fields).containsExactly("orders(30d,category=手机)", "orders(4w)");
        assertThat(segment.test(customer("orders(30d,category=手机)", 2, "orders(4w)", 3), NOW)).isTrue();
        assertThat(segment.test(customer("orders(30d,category=手机)", 1, "orders(4w)", 3), NOW)).isFalse();
        assertThat(parse("orders(28d) > 1")).isEqualTo(parse("orders(4w) > 1"));
        assertThatThrownBy(() -> parse("orders(30) > 1")).hasMessageStartingWith("at column 8: expected a window such as 30d");
        assertThatThrownBy(() -> parse("orders(30d, city = \"x\") > 1")).hasMessageStartingWith("at column 13: expected 'category'");
        assertThatThrownBy(() -> parse("orders(30d, category = 手机) > 1")).hasMessageContaining("expected the category in quotes");
        assertThatThrownBy(() -> parse("orders(30d > 1")).hasMessageStartingWith("at column 12: expected ',' or ')' to end orders(...)");
    }

    @Test
    void eventWindowsNameAWindowAndOptionallyANameTypeAndChannel() {
        Expression segment = parse("events(7d, name = \"Product Viewed\") >= 3 and events(24h, channel = 'APP', type = page) > 0 and events >= 1");

        assertThat(segment.text()).isEqualTo("events(1w, name = \"Product Viewed\") >= 3 and events(1d, type = \"page\", channel = \"app\") > 0"
                + " and events >= 1");
        List<String> fields = new java.util.ArrayList<>();
        segment.fields(fields);
        assertThat(fields).containsExactly("events(1w,name=Product Viewed)", "events(1d,type=page,channel=app)", "events");
        assertThat(segment.test(customer("events(1w,name=Product Viewed)", 3, "events(1d,type=page,channel=app)", 1, "events", 9), NOW)).isTrue();
        assertThat(segment.test(customer("events(1w,name=Product Viewed)", 2, "events(1d,type=page,channel=app)", 1, "events", 9), NOW)).isFalse();
        assertThat(parse("events(1d, channel = \"web\", name = \"Cart Added\") > 0"))
                .as("arguments in any order, the same field").isEqualTo(parse("events(24h, name = \"Cart Added\", channel = \"web\") > 0"));
        assertThat(parse("events(24h, name = \"Cart Added\") > 0 and orders(24h) = 0").text())
                .isEqualTo("events(1d, name = \"Cart Added\") > 0 and orders(1d) = 0");
        assertThat(parse("orders(30d, category = \"Phones, Tablets\") > 0").text()).as("a comma in a value")
                .isEqualTo("orders(30d, category = \"Phones, Tablets\") > 0");
    }

    @Test
    void wrongEventWindowArgumentsArePointedAtWithSuggestions() {
        String[][] cases = {
                {"events(7d, nam = \"x\") > 0", "at column 12: expected 'name', 'type' or 'channel' in events(...), found 'nam'; did you mean 'name'?"},
                {"events(7d, type = \"pag\") > 0",
                        "at column 19: unknown type \"pag\" in events(...); did you mean \"page\"? (track, identify, page, screen, group, alias)"},
                {"events(7d, channel = ap) > 0", "at column 22: unknown channel \"ap\" in events(...); did you mean \"app\"?"},
                {"events(7d, name = Cart) > 0", "at column 19: expected the name in quotes, found 'Cart'"},
                {"events(7d, name = \"a\", name = \"b\") > 0", "at column 24: 'name' is given twice in events(...)"},
                {"events(7d, name = \" \") > 0", "at column 19: the name in events(...) is empty"},
                {"events(7d, name = \"a)\") > 0", "at column 19: the name in events(...) cannot contain ')' or ',word='"},
                {"events(7d, name > \"a\") > 0", "at column 17: expected '=' after 'name', found '>'"},
                {"events(7d, name = \"a\" > 0", "at column 23: expected ',' or ')' to end events(...), found '>'"},
                {"events(7, name = \"a\") > 0", "at column 8: expected a window such as 30d"},
                {"events(7d, 3) > 0", "at column 12: expected 'name', 'type' or 'channel' in events(...), found '3'"},
                {"events(7d) > \"many\"", "at column 14: events(1w) is a number"}};
        for (String[] wrong : cases) {
            assertThatThrownBy(() -> parse(wrong[0])).as(wrong[0]).isInstanceOf(SegmentSyntaxException.class).hasMessageStartingWith(wrong[1]);
        }
    }

    @Test
    void eventWindowsInJsonAreCheckedAndMadeCanonical() {
        Expression read = Expression.fromJson(Map.of("field", "events(7d,channel=APP,name=Cart Added)", "op", ">", "value", 0), FIELDS);

        assertThat(read.text()).isEqualTo("events(1w, name = \"Cart Added\", channel = \"app\") > 0");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "events(7d,nam=x)", "op", ">", "value", 0), FIELDS))
                .hasMessageStartingWith("at $.field: expected 'name', 'type' or 'channel' in events(...), found 'nam'; did you mean 'name'?");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "events(7d,channel=ap)", "op", ">", "value", 0), FIELDS))
                .hasMessageStartingWith("at $.field: unknown channel \"ap\" in events(...); did you mean \"app\"?");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "events(7x)", "op", ">", "value", 0), FIELDS))
                .hasMessageStartingWith("at $.field: expected a window such as 30d, 12h or 2w in events(...), found '7x'");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "events(7d,type=page,type=track)", "op", ">", "value", 0), FIELDS))
                .hasMessageStartingWith("at $.field: 'type' is given twice in events(...)");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "events(7d", "op", ">", "value", 0), FIELDS))
                .hasMessageStartingWith("at $.field: expected ')' to end events(...)");
    }

    @Test
    void theTextAndJsonFormsRoundTrip() {
        for (String text : List.of("orders >= 2 and region in (\"华东\", \"华南\") and lastOrder within 30d",
                "orders > 5 or region = \"华东\" and not (lastSentiment < -0.25 or marketingConsent = false)",
                "(orders > 5 or revenue < 10.5) and traits.plan is not null and topics90d contains \"log\"",
                "lastOrder >= \"2026-01-31\" and lastOrder within 2w and region = \"say \\\"hi\\\"\"",
                "orders(30d, category = \"手机\") >= 2 or orders(12h) is not null",
                "events(2w, name = \"Product Viewed\", channel = \"app\") >= 3 and not (events(12h, type = \"page\") > 0)")) {
            Expression parsed = parse(text);

            assertThat(parse(parsed.text())).as(text).isEqualTo(parsed);
            assertThat(Expression.fromJson(parsed.json(), FIELDS)).as(text).isEqualTo(parsed);
        }
        assertThat(parse("orders>=2 AND lastOrder WITHIN 14d").text()).isEqualTo("orders >= 2 and lastOrder within 2w");
    }

    @Test
    void errorsNameTheColumnAndPointAtIt() {
        assertThatThrownBy(() -> parse("order >= 2")).isInstanceOf(SegmentSyntaxException.class)
                .hasMessageStartingWith("at column 1: unknown field 'order'; did you mean 'orders'?")
                .hasMessageContaining("\n  order >= 2\n  ^");
        assertThatThrownBy(() -> parse("orders >=")).hasMessageStartingWith("at column 10: expected a value after '>=', found the end");
        assertThatThrownBy(() -> parse("orders >= 2 and (region = \"华东\"")).hasMessageStartingWith("at column 31: expected ')' to close the '(' at column 17");
        assertThatThrownBy(() -> parse("region = \"华东")).hasMessageStartingWith("at column 10: this text is not closed");
        assertThatThrownBy(() -> parse("orders >= \"two\"")).hasMessageStartingWith("at column 11: orders is a number; \"two\" is not");
        assertThatThrownBy(() -> parse("region = 华东")).hasMessageContaining("text goes in quotes");
        assertThatThrownBy(() -> parse("orders within 30d")).hasMessageStartingWith("at column 8: 'within' needs a time field; orders is a number");
        assertThatThrownBy(() -> parse("orders > 1 & region = \"x\"")).hasMessageContaining("write 'and' (&&)");
        assertThatThrownBy(() -> parse("orders > 1 region = \"x\"")).hasMessageStartingWith("at column 12: expected 'and', 'or' or the end, found 'region'");
        assertThatThrownBy(() -> parse("lastOrder > \"yesterday\"")).hasMessageContaining("is not a date");
        assertThatThrownBy(() -> parse("marketingConsent > true")).hasMessageContaining("compare it with = or !=");
        assertThatThrownBy(() -> parse("  ")).hasMessageContaining("empty");
        SegmentSyntaxException error = (SegmentSyntaxException) org.assertj.core.api.Assertions.catchThrowable(() -> parse("orders >= 2 or"));
        assertThat(error.column()).isEqualTo(15);
    }

    @Test
    void jsonErrorsNameThePath() {
        assertThatThrownBy(() -> Expression.fromJson(Map.of("and", List.of(Map.of("field", "orders", "op", ">=", "value", 2),
                Map.of("field", "orders", "op", "~", "value", 2))), FIELDS)).hasMessageStartingWith("at $.and[1].op: expected one of");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("or", List.of()), FIELDS)).hasMessageStartingWith("at $.or: expected a non-empty list");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("not", Map.of("field", "regoin", "op", "=", "value", "x")), FIELDS))
                .hasMessageStartingWith("at $.not.field: unknown field 'regoin'; did you mean 'region'?");
        assertThatThrownBy(() -> Expression.fromJson(Map.of("field", "orders", "op", ">", "value", "many"), FIELDS))
                .hasMessageStartingWith("at $: orders is a number");
    }
}
