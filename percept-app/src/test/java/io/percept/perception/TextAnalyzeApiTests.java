package io.percept.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /api/text/analyze} over HTTP: what Percept perceives in a text, as the stream would
 * score it, with spans that index into the text, and the limits of a request.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TextAnalyzeApiTests {

    private static final String TOKEN = "text-analyze-token-0001";

    private static final String SLOW_AND_BROKEN = "物流太慢了，包装也破了";
    private static final String PRAISE_ZH = "质量很好，价格实惠，非常满意";
    private static final String LATE_AND_CRUSHED = "The delivery was late and the box was crushed. Very disappointed.";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> analyze(Object request, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/text/analyze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonValues.toJson(request), StandardCharsets.UTF_8));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> analyzed(Object request) throws Exception {
        HttpResponse<String> response = analyze(request, TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    private static Map<String, Object> aRequest(String key, Object value) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(key, value);
        return request;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> analysisOf(Map<String, Object> result) {
        return (Map<String, Object>) result.get("analysis");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listIn(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }

    private static String span(String text, Map<String, Object> spanned) {
        return text.substring(((Long) spanned.get("start")).intValue(), ((Long) spanned.get("end")).intValue());
    }

    /** Each topic mention of the analysis as topic, cue, the text it spans and its sentiment. */
    private static List<List<Object>> mentions(String text, Map<String, Object> analysis) {
        List<List<Object>> mentions = new ArrayList<>();
        for (Map<String, Object> sentence : listIn(analysis, "sentences")) {
            for (Map<String, Object> mention : listIn(sentence, "topics")) {
                mentions.add(List.of(mention.get("topic"), mention.get("cue"), span(text, mention), mention.get("sentiment")));
            }
        }
        return mentions;
    }

    @Test
    void aChineseComplaintHasItsSentimentTopicsAndKeywordsWithSpansIntoTheText() throws Exception {
        Map<String, Object> result = analyzed(aRequest("text", SLOW_AND_BROKEN));

        Map<String, Object> analysis = analysisOf(result);
        assertThat(result).containsEntry("text", SLOW_AND_BROKEN).containsEntry("topicNames", Map.of("logistics", "物流配送", "packaging", "包装"));
        assertThat(analysis).containsEntry("language", "zh").containsEntry("sentiment", "negative").containsEntry("emotion", "disappointment")
                .containsEntry("topics", List.of("logistics", "packaging"));
        assertThat((Double) analysis.get("score")).isBetween(-1.0, -0.3);
        assertThat(listIn(analysis, "sentences")).singleElement().satisfies(sentence -> assertThat(span(SLOW_AND_BROKEN, sentence))
                .isEqualTo(SLOW_AND_BROKEN));
        assertThat(mentions(SLOW_AND_BROKEN, analysis)).containsExactly(List.of("logistics", "物流", "物流", "negative"),
                List.of("packaging", "包装", "包装", "negative"));
        assertThat(listIn(analysis, "keywords")).extracting(keyword -> keyword.get("word"), keyword -> span(SLOW_AND_BROKEN, keyword))
                .contains(tuple("物流", "物流"), tuple("包装", "包装"));
    }

    @Test
    void anEnglishComplaintSplitsIntoSentencesAndNamesItsTopicsInEnglish() throws Exception {
        Map<String, Object> result = analyzed(aRequest("text", LATE_AND_CRUSHED));

        Map<String, Object> analysis = analysisOf(result);
        assertThat(analysis).containsEntry("language", "en").containsEntry("sentiment", "negative");
        assertThat(listIn(analysis, "sentences")).extracting(sentence -> span(LATE_AND_CRUSHED, sentence))
                .containsExactly("The delivery was late and the box was crushed.", "Very disappointed.");
        assertThat(mentions(LATE_AND_CRUSHED, analysis)).extracting(mention -> mention.get(0), mention -> mention.get(2), mention -> mention.get(3))
                .containsExactly(tuple("logistics", "delivery", "negative"), tuple("packaging", "box", "negative"),
                        tuple("packaging", "crushed", "negative"));
        assertThat(result).containsEntry("topicNames", Map.of("packaging", "Packaging", "logistics", "Logistics and delivery"));
        assertThat(listIn(analysis, "keywords")).extracting(keyword -> keyword.get("word")).contains("delivery", "late", "crushed");
    }

    @Test
    void manyTextsAreAnsweredInTheirOrder() throws Exception {
        List<String> texts = List.of(PRAISE_ZH, LATE_AND_CRUSHED, SLOW_AND_BROKEN);

        Map<String, Object> answer = analyzed(aRequest("texts", texts));

        List<Map<String, Object>> results = listIn(answer, "results");
        assertThat(results).extracting(result -> result.get("text")).containsExactlyElementsOf(texts);
        assertThat(results).extracting(result -> analysisOf(result).get("language"), result -> analysisOf(result).get("sentiment"))
                .containsExactly(tuple("zh", "positive"), tuple("en", "negative"), tuple("zh", "negative"));
        assertThat(results.get(0)).containsEntry("topicNames", Map.of("quality", "产品质量", "price", "价格"));
    }

    @Test
    void theLanguageCanBeGivenAndKeywordsLeftOut() throws Exception {
        Map<String, Object> request = aRequest("text", SLOW_AND_BROKEN);
        request.put("language", "zh");
        request.put("keywords", false);

        Map<String, Object> analysis = analysisOf(analyzed(request));

        assertThat(analysis).containsEntry("language", "zh").containsEntry("keywords", List.of()).containsEntry("topics", List.of("logistics", "packaging"));
    }

    @Test
    void theLimitsAreAThousandTextsOfTwentyThousandCharacters() throws Exception {
        String longest = "好".repeat(20_000);
        Map<String, Object> both = aRequest("text", PRAISE_ZH);
        both.put("texts", List.of(PRAISE_ZH));
        Map<String, Object> french = aRequest("text", "Le colis est arrivé en retard.");
        french.put("language", "fr");

        assertThat(analyzed(aRequest("text", longest))).containsEntry("text", longest);
        assertThat(listIn(analyzed(aRequest("texts", Collections.nCopies(1_000, "很好"))), "results")).hasSize(1_000);
        assertRejected(aRequest("language", "zh"), "give either 'text' or 'texts'");
        assertRejected(both, "give either 'text' or 'texts'");
        assertRejected(aRequest("texts", Collections.nCopies(1_001, "很好")), "at most 1000 texts per request, got 1001");
        assertRejected(french, "language must be zh or en, was 'fr'");
        assertRejected(aRequest("text", longest + "好"), "text 0 has 20001 characters, more than 20000");
        assertRejected(aRequest("texts", List.of(PRAISE_ZH, longest + "好")), "text 1 has 20001 characters");
        assertRejected(aRequest("texts", Collections.singletonList(null)), "text 0 is null");
    }

    private void assertRejected(Map<String, Object> request, String detail) throws Exception {
        HttpResponse<String> response = analyze(request, TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat((String) JsonValues.parseObject(response.body()).get("detail")).contains(detail);
    }

    @Test
    void analysisNeedsTheAdminToken() throws Exception {
        HttpResponse<String> anonymous = analyze(aRequest("text", SLOW_AND_BROKEN), null);
        HttpResponse<String> wrong = analyze(aRequest("text", SLOW_AND_BROKEN), "not-the-token");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_request"));
        assertThat(anonymous.body()).doesNotContain("物流配送");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
    }
}
