package io.percept.segmentation.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonText;
import io.percept.platform.JsonValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import io.percept.eventlog.Channel;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
import io.percept.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Segments over profiles made through the tracking API: preview, save, evaluate with size history, and errors that point. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SegmentsApiTests {

    private static final String KEY = "key-segments-0000001";
    private static final String TOKEN = "segments-token-00001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.segmentation.recompute-interval", () -> "0s");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TOKEN);
    }

    private void tracked(String path, String json) throws Exception {
        HttpResponse<String> response = send("POST", path, json, "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void customer(String id, String region, int orders, String review) throws Exception {
        tracked("/v1/identify", "{\"userId\":\"" + id + "\",\"traits\":{\"plan\":\"" + (orders > 1 ? "pro" : "free") + "\"},"
                + "\"context\":{\"location\":{\"region\":\"" + region + "\"}}}");
        for (int i = 0; i < orders; i++) {
            tracked("/v1/track", "{\"userId\":\"" + id + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + Instant.now().minusSeconds(3600L * i + 600)
                    + "\",\"properties\":{\"order_id\":\"" + id + "-" + i + "\",\"revenue\":" + (100 + i)
                    + (i == 0 ? ",\"products\":[{\"product_id\":\"P-1\",\"category\":\"手机\"}]" : "") + "}}");
        }
        if (review != null) {
            tracked("/v1/track", "{\"userId\":\"" + id + "\",\"event\":\"Review Submitted\",\"properties\":{\"text\":\"" + review + "\"}}");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> evaluation(Map<String, Object> preview) {
        return (Map<String, Object>) preview.get("evaluation");
    }

    private Map<String, Object> preview(String definition) throws Exception {
        HttpResponse<String> response = api("POST", "/api/segments/preview?sample=10", "{\"definition\":" + JsonText.of(definition) + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    @Test
    void segmentsSelectProfilesAndKeepTheirSizes() throws Exception {
        customer("seg-1", "华东", 3, "物流太慢了，包装也破了，很失望");
        customer("seg-2", "华东", 1, null);
        customer("seg-3", "华南", 2, "质量很好，很满意");
        customer("seg-4", "华北", 0, null);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((long) evaluation(preview("orders >= 0")).get("profiles") < 4 || (long) evaluation(preview("texts >= 1")).get("size") < 2) {
            assertThat(System.nanoTime()).as("profiles made in time").isLessThan(deadline);
            Thread.sleep(20);
        }

        Map<String, Object> loyal = preview("orders >= 2 and region in (\"华东\", \"华南\") and lastOrder within 30d");
        assertThat(evaluation(loyal)).containsEntry("size", 2L);
        assertThat(loyal.get("json")).isInstanceOf(Map.class);
        assertThat(evaluation(preview("lastSentiment < 0")).get("size")).isEqualTo(1L);
        assertThat(evaluation(preview("negativeTopics90d = \"logistics\"")).get("size")).isEqualTo(1L);
        assertThat(evaluation(preview("traits.plan = \"pro\" 且 region = \"华南\"")).get("size")).isEqualTo(1L);
        assertThat(evaluation(preview("orders = 0 or region is null")).get("size")).isEqualTo(1L);
        assertThat(evaluation(preview("orders(30d) >= 2")).get("size")).isEqualTo(2L);
        assertThat(evaluation(preview("orders(30d, category = \"手机\") >= 1")).get("size")).isEqualTo(3L);
        assertThat(evaluation(preview("spend(1d) > 200")).get("size")).as("303 and 201, not 100").isEqualTo(2L);
        assertThat(evaluation(preview("events(30d, name = \"Order Completed\") >= 2 and events(1d, type = \"identify\") = 1")).get("size"))
                .isEqualTo(2L);
        assertThat(evaluation(preview("events(3h, name = \"order completed\", channel = \"web\") >= 3")).get("size"))
                .as("seg-1's three orders of the last 3 hours").isEqualTo(1L);
        assertThat(evaluation(preview("events(2h, name = \"order completed\", channel = \"web\") >= 3")).get("size"))
                .as("not the one 2 h 10 min ago").isEqualTo(0L);

        HttpResponse<String> saved = api("PUT", "/api/segments/华东复购", "{\"definition\":\"region = '华东' and orders >= 2\",\"description\":\"repeat buyers\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(JsonValues.parseObject(saved.body())).containsEntry("definition", "region = \"华东\" and orders >= 2");
        HttpResponse<String> evaluated = api("POST", "/api/segments/华东复购/evaluate", null);
        assertThat(JsonValues.parseObject(evaluated.body())).containsEntry("size", 1L);
        api("POST", "/api/segments/华东复购/evaluate", null);
        Map<String, Object> stored = JsonValues.parseObject(api("GET", "/api/segments/华东复购", null).body());
        List<?> sizes = (List<?>) stored.get("sizes");
        assertThat(sizes).as("two evaluations asked for, and perhaps the membership's first").hasSizeBetween(2, 3)
                .allSatisfy(size -> assertThat(((Map<?, ?>) size).get("size")).isEqualTo(1L));
        assertThat(JsonValues.parseObject(api("GET", "/api/segments", null).body().replaceFirst("^\\[", "{\"list\":[").replaceFirst("]$", "]}"))
                .get("list")).asList().hasSize(1);
        assertThat(api("DELETE", "/api/segments/华东复购", null).statusCode()).isEqualTo(204);
        assertThat(api("GET", "/api/segments/华东复购", null).statusCode()).isEqualTo(404);
    }

    @Autowired
    EventLog eventLog;

    /** The segment events appended for {@code user}, oldest first, as "name:segment". */
    private List<String> segmentEvents(String user) {
        List<String> seen = new java.util.ArrayList<>();
        for (LoggedEvent logged : eventLog.newest(new SourceName("percept-segments"), 1000)) {
            if (user.equals(logged.event().userId())) {
                seen.add(0, logged.event().name() + ":" + logged.event().properties().get("segment"));
            }
        }
        return seen;
    }

    private List<String> segmentEventsWhen(String user, int count) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> seen = segmentEvents(user);
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = segmentEvents(user);
        }
        return seen;
    }

    @Test
    void profilesEnterAndLeaveSegmentsAsTheyChangeWithEventsInTheLog() throws Exception {
        assertThat(api("PUT", "/api/segments/unhappy", "{\"definition\":\"lastSentiment < 0 and traits.tier = 'gold'\"}").statusCode()).isEqualTo(200);
        tracked("/v1/identify", "{\"userId\":\"moody\",\"traits\":{\"tier\":\"gold\"}}");
        tracked("/v1/track", "{\"userId\":\"moody\",\"event\":\"Review Submitted\",\"properties\":{\"text\":\"客服态度太差了，再也不买了\"}}");

        assertThat(segmentEventsWhen("moody", 1)).containsExactly("Segment Entered:unhappy");

        tracked("/v1/track", "{\"userId\":\"moody\",\"event\":\"Review Submitted\",\"properties\":{\"text\":\"问题解决了，非常满意，谢谢！\"}}");

        assertThat(segmentEventsWhen("moody", 2)).containsExactly("Segment Entered:unhappy", "Segment Exited:unhappy");
        LoggedEvent exit = eventLog.newest(new SourceName("percept-segments"), 1).get(0);
        assertThat(exit.event().channel()).isEqualTo(Channel.SYSTEM);
        assertThat(api("GET", "/api/profiles/by-identifier/user_id/moody", null).body()).as("not counted on the profile")
                .doesNotContain("\"system\":1");
    }

    @Test
    void aProfileEntersAnEventWindowSegmentWhenItsEventsArriveAndLeavesWhenItOrders() throws Exception {
        assertThat(api("PUT", "/api/segments/abandoned-carts", "{\"definition\":\"events(24h, name = 'Cart Added') > 0 and orders(24h) = 0\"}")
                .statusCode()).isEqualTo(200);
        tracked("/v1/track", "{\"userId\":\"carter\",\"event\":\"Product Viewed\"}");
        tracked("/v1/track", "{\"userId\":\"carter\",\"event\":\"Cart Added\"}");

        assertThat(segmentEventsWhen("carter", 1)).containsExactly("Segment Entered:abandoned-carts");

        tracked("/v1/track", "{\"userId\":\"carter\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"c-1\",\"revenue\":9}}");

        assertThat(segmentEventsWhen("carter", 2)).containsExactly("Segment Entered:abandoned-carts", "Segment Exited:abandoned-carts");
        assertThat(api("DELETE", "/api/segments/abandoned-carts", null).statusCode()).isEqualTo(204);
    }

    @Test
    void badDefinitionsAnswer400WithTheProblem() throws Exception {
        HttpResponse<String> unknown = api("POST", "/api/segments/preview", "{\"definition\":\"order >= 2\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(unknown.body()).get("detail").toString()).startsWith("at column 1: unknown field 'order'; did you mean 'orders'?");
        HttpResponse<String> json = api("POST", "/api/segments/preview", "{\"json\":{\"and\":[{\"field\":\"orders\",\"op\":\"~\",\"value\":1}]}}");
        assertThat(JsonValues.parseObject(json.body()).get("detail").toString()).startsWith("at $.and[0].op");
        assertThat(api("POST", "/api/segments/preview", "{}").statusCode()).isEqualTo(400);
        assertThat(api("PUT", "/api/segments/bad%20name", "{\"definition\":\"orders > 1\"}").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/segments", null, "Bearer wrong-token-000000").statusCode()).isEqualTo(401);
        assertThat(JsonValues.parseObject(api("GET", "/api/segments/fields", null).body())).containsEntry("orders", "number")
                .containsEntry("topics90d", "text_list").containsEntry("traits.", "any").containsEntry("events(", "number");
        HttpResponse<String> channel = api("POST", "/api/segments/preview", "{\"definition\":\"events(7d, channel = \\\"sytem\\\") > 0\"}");
        assertThat(channel.statusCode()).isEqualTo(400);
        assertThat(JsonValues.parseObject(channel.body()).get("detail").toString()).startsWith("at column 22: unknown channel \"sytem\" in events(...)");
        HttpResponse<String> argument = api("POST", "/api/segments/preview", "{\"json\":{\"field\":\"events(7d,nmae=x)\",\"op\":\">\",\"value\":0}}");
        assertThat(JsonValues.parseObject(argument.body()).get("detail").toString())
                .startsWith("at $.field: expected 'name', 'type' or 'channel' in events(...), found 'nmae'; did you mean 'name'?");
    }
}
