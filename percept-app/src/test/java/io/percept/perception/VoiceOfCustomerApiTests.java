package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.percept.PerceptApplication;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 6's voice of the customer end to end: reviews, a ticket and survey answers through the
 * tracking API, scored by the text-perception processor into a real store, read back through
 * {@code /api/voc}: topics per region, the customer's own words, trends, emerging themes, NPS and
 * CSAT, and the answers to bad parameters.
 *
 * <p>The recent voices happen yesterday (UTC, the default business zone). An older cluster lies
 * a month back: a week of charger complaints (the emerging theme) after weeks of service
 * complaints (its baseline); the recent queries name their period so it stays out of them.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceOfCustomerApiTests {

    private static final String KEY = "key-voc-api-0001";
    private static final String TOKEN = "voc-api-token-0001";

    private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final LocalDate THEME_WEEK_END = YESTERDAY.minusDays(29);
    private static final String RECENT = "from=" + YESTERDAY + "&to=" + YESTERDAY;

    private static final String SLOW_AND_BROKEN = "物流太慢了，包装也破了";
    private static final String PRAISE_ZH = "质量很好，价格实惠，非常满意";
    private static final String LATE_AND_CRUSHED = "The delivery was late and the box was crushed. Very disappointed.";
    private static final String PRAISE_EN = "Great quality and a fair price, I love it!";
    private static final String NO_REPLY = "客服一直不回消息，太差劲了";
    private static final List<String> CHARGER_COMPLAINTS = List.of("充电器发烫，很失望", "充电器用了十分钟就发烫，太失望了",
            "新买的充电器发烫严重，不敢用", "充电器发烫得厉害，差评", "充电器一插上就发烫，很不满意");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    private static Instant yesterdayAt(int minute) {
        return YESTERDAY.atTime(9, minute).toInstant(ZoneOffset.UTC);
    }

    private static Map<String, Object> aTrack(String event, String user, Instant at, Map<String, Object> properties) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "track");
        message.put("userId", user);
        message.put("event", event);
        message.put("timestamp", at.toString());
        message.put("properties", properties);
        return message;
    }

    private static Map<String, Object> inRegion(Map<String, Object> message, String region) {
        message.put("context", Map.of("location", Map.of("region", region)));
        return message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withProperty(Map<String, Object> message, String key, Object value) {
        ((Map<String, Object>) message.get("properties")).put(key, value);
        return message;
    }

    private static Map<String, Object> aReview(String user, Instant at, String text, String product, Integer rating) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("text", text);
        properties.put("product_id", product);
        if (rating != null) {
            properties.put("rating", rating);
        }
        return aTrack("Review Submitted", user, at, properties);
    }

    private static Map<String, Object> anAnswer(String user, Instant at, Map<String, Object> properties) {
        return inRegion(aTrack("Survey Answered", user, at, properties), "Zhejiang");
    }

    private void send(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonValues.toJson(body), StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @BeforeAll
    void theCustomersSpeak() throws Exception {
        send("/v1/identify", Map.of("userId", "u-sichuan", "timestamp", yesterdayAt(0).toString(),
                "traits", Map.of("address", Map.of("state", "Sichuan"))));
        send("/v1/track", inRegion(aReview("u-zh-1", yesterdayAt(1), SLOW_AND_BROKEN, "P-TEA", 1), "Zhejiang"));
        send("/v1/track", inRegion(aReview("u-zh-2", yesterdayAt(2), PRAISE_ZH, "P-TEA", 5), "Zhejiang"));
        send("/v1/track", withProperty(aReview("u-en-1", yesterdayAt(3), LATE_AND_CRUSHED, "P-CUP", 2), "region", "Guangdong"));
        send("/v1/track", aReview("u-en-2", yesterdayAt(4), PRAISE_EN, "P-CUP", null));
        send("/v1/track", aTrack("Ticket Opened", "u-sichuan", yesterdayAt(5), Map.of("ticket_id", "TK-1", "text", NO_REPLY)));

        List<Map<String, Object>> batch = new ArrayList<>();
        batch.add(inRegion(aTrack("Product Viewed", "u-zh-1", yesterdayAt(6), Map.of("product_id", "P-TEA")), "Zhejiang"));
        batch.add(anAnswer("s-1", yesterdayAt(10), Map.of("kind", "nps", "score", 10)));
        batch.add(anAnswer("s-2", yesterdayAt(11), Map.of("kind", "NPS", "score", 9)));
        batch.add(anAnswer("s-3", yesterdayAt(12), Map.of("kind", "nps", "score", 8)));
        batch.add(anAnswer("s-4", yesterdayAt(13), Map.of("nps", 3)));
        batch.add(anAnswer("s-5", yesterdayAt(14), Map.of("kind", "nps", "score", 11)));
        batch.add(anAnswer("s-6", yesterdayAt(15), Map.of("kind", "csat", "score", 5)));
        batch.add(anAnswer("s-7", yesterdayAt(16), Map.of("kind", "csat", "score", 4)));
        batch.add(anAnswer("s-8", yesterdayAt(17), Map.of("csat", 2)));
        batch.add(aTrack("Survey Answered", "u-sichuan", yesterdayAt(18), Map.of("kind", "nps", "score", 7)));
        for (int i = 0; i < CHARGER_COMPLAINTS.size(); i++) {
            Instant at = THEME_WEEK_END.minusDays(i % 3).atTime(12, i).toInstant(ZoneOffset.UTC);
            batch.add(aReview("u-charger-" + i, at, CHARGER_COMPLAINTS.get(i), "P-CHARGER", 1));
        }
        for (int i = 0; i < 10; i++) {
            Instant at = THEME_WEEK_END.minusDays(11 + i).atTime(12, 0).toInstant(ZoneOffset.UTC);
            batch.add(aReview("u-baseline-" + i, at, i % 2 == 0 ? "客服不回消息，很失望" : "客服一直不回消息，太差劲了", "P-CHARGER", 1));
        }
        send("/v1/batch", Map.of("batch", batch));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(processorLags()).isNotEmpty().containsOnly(0L));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(mirroredRegion("u-sichuan")).isEqualTo("Sichuan"));
    }

    /** Each log processor's lag in events, from the health endpoint. */
    @SuppressWarnings("unchecked")
    private List<Long> processorLags() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        Map<String, Object> components = (Map<String, Object>) JsonValues.parseObject(response.body()).get("components");
        Map<String, Object> processors = (Map<String, Object>) ((Map<String, Object>) components.get("processors")).get("details");
        assertThat(processors).containsKey(TextPerceptionProcessor.NAME);
        return processors.values().stream().map(detail -> (Long) ((Map<String, Object>) detail).get("lagEvents")).toList();
    }

    private String mirroredRegion(String user) throws Exception {
        try (Connection connection = store.connect();
             PreparedStatement select = connection.prepareStatement("SELECT region FROM profiles WHERE user_id = ?")) {
            select.setString(1, user);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Object json(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
        return JsonValues.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String pathAndQuery) throws Exception {
        return (Map<String, Object>) json(pathAndQuery);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String pathAndQuery) throws Exception {
        return (List<Map<String, Object>>) json(pathAndQuery);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listIn(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }

    private static Map<String, Object> only(List<Map<String, Object>> entries, String key, Object value) {
        List<Map<String, Object>> found = entries.stream().filter(entry -> value.equals(entry.get(key))).toList();
        assertThat(found).as(key + " = " + value + " in " + entries).hasSize(1);
        return found.get(0);
    }

    /** Topic id, name, mentions and negative mentions of each topic of a group, in the report's order. */
    private static List<List<Object>> topicFigures(Map<String, Object> group) {
        return listIn(group, "topics").stream().map(topic -> List.of(topic.get("topic"), topic.get("name"), topic.get("mentions"), topic.get("negative")))
                .toList();
    }

    @Test
    void topicsPerRegionCountTheTextsAndTheComplaintsOfEachRegion() throws Exception {
        Map<String, Object> report = object("/api/voc/topics?by=region&" + RECENT);

        assertThat(report).containsEntry("by", "region").containsEntry("texts", 5L).containsEntry("from", YESTERDAY.toString());
        List<Map<String, Object>> groups = listIn(report, "groups");
        assertThat(groups).extracting(group -> group.get("group")).containsExactly("Zhejiang", "(unknown)", "Guangdong", "Sichuan");
        Map<String, Object> zhejiang = groups.get(0);
        assertThat(zhejiang).as("the product view has no text").containsEntry("texts", 2L).containsEntry("negativeTexts", 1L);
        assertThat(topicFigures(zhejiang)).containsExactly(List.of("logistics", "物流配送", 1L, 1L), List.of("packaging", "包装", 1L, 1L),
                List.of("price", "价格", 1L, 0L), List.of("quality", "产品质量", 1L, 0L));
        Map<String, Object> logistics = listIn(zhejiang, "topics").get(0);
        assertThat((Double) logistics.get("negativeShare")).isEqualTo(1.0);
        assertThat((Double) logistics.get("averageScore")).isNegative();
        assertThat((Double) logistics.get("averageIntensity")).isPositive();
        assertThat(topicFigures(only(groups, "group", "Guangdong"))).as("from properties.region")
                .containsExactly(List.of("logistics", "物流配送", 1L, 1L), List.of("packaging", "包装", 1L, 1L));
        assertThat(topicFigures(only(groups, "group", "Sichuan"))).as("from the customer's profile")
                .containsExactly(List.of("service", "服务态度", 1L, 1L));
        assertThat(only(groups, "group", "(unknown)")).containsEntry("texts", 1L).containsEntry("negativeTexts", 0L);
    }

    @Test
    void topicNamesFollowTheLanguageAndOtherDimensionsGroupTheSameTexts() throws Exception {
        Map<String, Object> english = object("/api/voc/topics?by=language&lang=en&" + RECENT);

        List<Map<String, Object>> groups = listIn(english, "groups");
        assertThat(groups).extracting(group -> group.get("group"), group -> group.get("texts"))
                .containsExactly(tuple("zh", 3L), tuple("en", 2L));
        assertThat(listIn(groups.get(0), "topics")).extracting(topic -> topic.get("name"))
                .containsExactly("Logistics and delivery", "Packaging", "Service attitude", "Price", "Product quality");
        Map<String, Object> all = object("/api/voc/topics?" + RECENT);
        assertThat(listIn(all, "groups")).singleElement().satisfies(group -> assertThat(group).containsEntry("group", "all")
                .containsEntry("texts", 5L).containsEntry("negativeTexts", 3L));
        assertThat(object("/api/voc/topics").get("texts")).as("the last 90 days take in the month-old complaints").isEqualTo(20L);
    }

    @Test
    void quotesAreTheCustomersOwnWordsWithTheCueHighlighted() throws Exception {
        List<Map<String, Object>> quotes = list("/api/voc/quotes?topic=logistics&sentiment=negative");

        assertThat(quotes).extracting(quote -> quote.get("text")).containsExactly(LATE_AND_CRUSHED, SLOW_AND_BROKEN);
        Map<String, Object> chinese = quotes.get(1);
        assertThat(chinese).containsEntry("sentiment", "negative").containsEntry("userId", "u-zh-1").containsEntry("productId", "P-TEA")
                .containsEntry("region", "Zhejiang").containsEntry("rating", 1.0).containsEntry("source", "shop")
                .containsEntry("topics", List.of("logistics", "packaging"));
        assertThat(Instant.parse((String) chinese.get("at"))).isEqualTo(yesterdayAt(1));
        assertThat(highlighted(chinese)).containsExactly("物流");
        assertThat(highlighted(quotes.get(0))).containsExactly("delivery");
        assertThat(quotes.get(0)).containsEntry("region", "Guangdong");
    }

    @SuppressWarnings("unchecked")
    private static List<String> highlighted(Map<String, Object> quote) {
        String text = (String) quote.get("text");
        return ((List<List<Long>>) quote.get("highlights")).stream().map(span -> text.substring(span.get(0).intValue(), span.get(1).intValue()))
                .toList();
    }

    @Test
    void quotesFilterByGroupAndSentimentAndKeepToTheLimit() throws Exception {
        List<Map<String, Object>> positive = list("/api/voc/quotes?sentiment=positive&" + RECENT);
        List<Map<String, Object>> zhejiang = list("/api/voc/quotes?by=region&group=Zhejiang&" + RECENT);
        List<Map<String, Object>> newest = list("/api/voc/quotes?limit=1&" + RECENT);

        assertThat(positive).extracting(quote -> quote.get("text")).containsExactly(PRAISE_EN, PRAISE_ZH);
        assertThat(zhejiang).extracting(quote -> quote.get("text")).containsExactly(PRAISE_ZH, SLOW_AND_BROKEN);
        assertThat(highlighted(zhejiang.get(1))).as("every topic's cue without a topic filter").containsExactly("物流", "包装");
        assertThat(newest).extracting(quote -> quote.get("text")).containsExactly(NO_REPLY);
    }

    @Test
    void aTopicsTrendCountsItsTextsPerDay() throws Exception {
        Map<String, Object> trend = object("/api/voc/trend?topic=logistics&bucket=day");
        Map<String, Object> byRegion = object("/api/voc/trend?topic=logistics&bucket=day&by=region");

        assertThat(trend).containsEntry("topic", "logistics").containsEntry("bucket", "day");
        assertThat(listIn(trend, "points")).singleElement().satisfies(point -> {
            assertThat(point).containsEntry("bucket", YESTERDAY.toString()).containsEntry("group", "all").containsEntry("mentions", 2L)
                    .containsEntry("negative", 2L);
            assertThat((Double) point.get("averageScore")).isNegative();
        });
        assertThat(listIn(byRegion, "points")).extracting(point -> point.get("group"), point -> point.get("mentions"))
                .containsExactly(tuple("Guangdong", 1L), tuple("Zhejiang", 1L));
    }

    @Test
    void aWeekOfChargerComplaintsEmergesAgainstTheWeeksOfServiceComplaintsBefore() throws Exception {
        Map<String, Object> themes = object("/api/voc/themes?weekEnd=" + THEME_WEEK_END);

        assertThat(themes).containsEntry("weekStart", THEME_WEEK_END.minusDays(6).toString()).containsEntry("baselineWeeks", 8L)
                .containsEntry("negativeTexts", 5L).containsEntry("baselineNegativeTexts", 10L);
        Map<String, Object> theme = listIn(themes, "themes").get(0);
        assertThat(listIn(themes, "themes")).hasSize(1);
        assertThat(theme.get("keywords")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("充电器", "发烫");
        assertThat(theme).containsEntry("texts", 5L).containsEntry("baselineTexts", 0L).containsEntry("expected", 0.4167)
                .containsEntry("lift", 12.0);
        assertThat(listIn(theme, "examples")).hasSize(3).allSatisfy(example -> assertThat(CHARGER_COMPLAINTS).contains((String) example.get("text")));
    }

    @Test
    void withFewRecentComplaintsNoThemeEmerges() throws Exception {
        Map<String, Object> thisWeek = object("/api/voc/themes");
        Map<String, Object> strict = object("/api/voc/themes?weekEnd=" + THEME_WEEK_END + "&minSupport=6");

        assertThat(thisWeek).as("the three negative texts of yesterday; the month-old ones are the baseline")
                .containsEntry("negativeTexts", 3L).containsEntry("baselineNegativeTexts", 15L).containsEntry("themes", List.of());
        assertThat(strict).as("five texts are fewer than six").containsEntry("negativeTexts", 5L).containsEntry("themes", List.of());
    }

    @Test
    void satisfactionPerRegionIsNpsAndCsatOfItsAnswers() throws Exception {
        Map<String, Object> satisfaction = object("/api/voc/satisfaction?by=region");

        assertThat(satisfaction).containsEntry("by", "region").containsEntry("bucket", "month");
        List<Map<String, Object>> points = listIn(satisfaction, "points");
        assertThat(points).extracting(point -> point.get("group")).containsExactly("Sichuan", "Zhejiang");
        assertThat(only(points, "group", "Zhejiang")).as("2 promoters, 1 passive, 1 detractor; the 11 is no answer; CSAT 5, 4, 2")
                .containsEntry("bucket", YESTERDAY.withDayOfMonth(1).toString()).containsEntry("npsAnswers", 4L).containsEntry("promoters", 2L)
                .containsEntry("passives", 1L).containsEntry("detractors", 1L).containsEntry("nps", 25.0).containsEntry("csatAnswers", 3L)
                .containsEntry("csat", 66.6667).containsEntry("averageCsat", 3.6667);
        assertThat(only(points, "group", "Sichuan")).as("region from the profile; no CSAT answers").containsEntry("npsAnswers", 1L)
                .containsEntry("passives", 1L).containsEntry("nps", 0.0).containsEntry("csatAnswers", 0L).doesNotContainKey("csat");
    }

    @Test
    void badParametersAnswer400NamingTheParameter() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("/api/voc/topics?by=colour", "by must be one of");
        bad.put("/api/voc/trend?bucket=year", "bucket must be day, week or month, was 'year'");
        bad.put("/api/voc/topics?from=2026-02-01&to=2026-01-01", "from 2026-02-01 is after to 2026-01-01");
        bad.put("/api/voc/quotes?limit=0", "limit must be between 1 and 500, was 0");
        bad.put("/api/voc/quotes?limit=501", "limit must be between 1 and 500, was 501");
        bad.put("/api/voc/topics?lang=fr", "lang must be zh or en, was 'fr'");
        bad.put("/api/voc/quotes?sentiment=angry", "sentiment must be negative, neutral or positive, was 'angry'");
        bad.put("/api/voc/quotes?group=Zhejiang", "a group needs a dimension (by)");
        bad.put("/api/voc/themes?baselineWeeks=0", "baselineWeeks must be between 1 and 52, was 0");
        bad.put("/api/voc/themes?minSupport=0", "minSupport must be at least 1, was 0");
        bad.put("/api/voc/satisfaction?by=emotion", "satisfaction cannot be grouped by emotion");
        bad.put("/api/voc/satisfaction?bucket=year", "bucket must be day, week or month");
        bad.put("/api/voc/trend?from=2026-13-01", "from must be a date such as 2026-01-31, was '2026-13-01'");
        bad.put("/api/voc/quotes?limit=many", "limit must be a whole number, was 'many'");

        for (Map.Entry<String, String> call : bad.entrySet()) {
            HttpResponse<String> response = get(call.getKey());

            assertThat(response.statusCode()).as(call.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat((String) JsonValues.parseObject(response.body()).get("detail")).as(call.getKey()).contains(call.getValue());
        }
    }

    @Test
    void theVoiceOfTheCustomerNeedsTheAdminToken() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/voc/topics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
