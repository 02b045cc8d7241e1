package io.percept.profile.web;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.profile.Profiles;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The identity scenarios of issue 4 end to end: events through the Segment-compatible tracking
 * API, profiles through the profile API, on a real store.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProfilesApiTests {

    private static final String KEY = "key-profile-web-0001";
    private static final String TOKEN = "profile-admin-token-0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String data = TestServers.temporaryDirectory("percept-profiles-test-").toString();
        registry.add("percept.platform.data-dir", () -> data);
        registry.add("percept.platform.admin-token", () -> TOKEN);
        registry.add("percept.ingest.write-keys", () -> "shop:web:" + KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    Profiles profiles;

    private final HttpClient http = HttpClient.newHttpClient();

    private void track(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Sends calls and waits until the unify processor has applied them. */
    private void send(String... calls) throws Exception {
        for (int i = 0; i < calls.length; i += 2) {
            track(calls[i], calls[i + 1]);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (profiles.position() < headSeq() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Autowired
    io.percept.eventlog.EventLog eventLog;

    private long headSeq() {
        return eventLog.head();
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization",
                "Bearer " + TOKEN);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> get(String path) throws Exception {
        HttpResponse<String> response = api("GET", path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    private Map<String, Object> byIdentifier(String type, String value) throws Exception {
        return get("/api/profiles/by-identifier/" + type + "/" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> identifiers(Map<String, Object> profile) {
        return ((List<Map<String, Object>>) profile.get("identifiers")).stream().map(map -> map.get("type") + ":" + map.get("value")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Map<String, Object> profile) {
        return (Map<String, Object>) profile.get("attributes");
    }

    @Test
    void anonymousBrowsingThenLoginIsOneProfileWithTheWholeHistory() throws Exception {
        send("/v1/page", "{\"anonymousId\":\"anon-lg-1\",\"name\":\"Home\",\"timestamp\":\"2026-05-01T10:00:00Z\"}",
                "/v1/track", "{\"anonymousId\":\"anon-lg-1\",\"event\":\"Product Viewed\",\"timestamp\":\"2026-05-01T10:01:00Z\"}",
                "/v1/identify", "{\"anonymousId\":\"anon-lg-1\",\"userId\":\"login-1\",\"timestamp\":\"2026-05-01T10:02:00Z\","
                        + "\"traits\":{\"email\":\" Li.Na@Example.COM \",\"phone\":\"138-1234-5678\",\"name\":\"李娜\"}}",
                "/v1/track", "{\"userId\":\"login-1\",\"event\":\"Order Completed\",\"timestamp\":\"2026-05-01T10:05:00Z\","
                        + "\"properties\":{\"revenue\":268.5,\"products\":[{\"product_id\":\"tea-1\",\"category\":\"tea\",\"quantity\":3}]}}");

        Map<String, Object> profile = byIdentifier("anonymous_id", "anon-lg-1");

        assertThat(identifiers(profile)).containsExactly("user_id:login-1", "email:li.na@example.com", "phone:+8613812345678",
                "anonymous_id:anon-lg-1");
        assertThat(byIdentifier("phone", "+86 138 1234 5678").get("id")).isEqualTo(profile.get("id"));
        assertThat(byIdentifier("email", "LI.NA@example.com").get("id")).isEqualTo(profile.get("id"));
        assertThat(((Map<?, ?>) profile.get("traits")).get("name")).isEqualTo("李娜");
        assertThat(attributes(profile)).containsEntry("events", 4L).containsEntry("orders", 1L).containsEntry("revenue", 268.5)
                .containsEntry("favouriteCategories", List.of("tea"));
        Map<String, Object> timeline = get("/api/profiles/" + profile.get("id") + "/events?limit=3");
        assertThat((List<?>) timeline.get("events")).hasSize(3);
        assertThat(((Map<?, ?>) ((Map<?, ?>) ((List<?>) timeline.get("events")).get(0)).get("event")).get("event"))
                .as("newest first").isEqualTo("Order Completed");
        Map<String, Object> rest = get("/api/profiles/" + profile.get("id") + "/events?limit=3&before=" + timeline.get("next"));
        assertThat((List<?>) rest.get("events")).hasSize(1);
        assertThat(rest.get("next")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoPeopleOnOneSharedDeviceStayTwoProfilesAndTheRefusalIsAudited() throws Exception {
        send("/v1/identify", "{\"anonymousId\":\"shared-ipad\",\"userId\":\"alice-sd\",\"timestamp\":\"2026-05-02T09:00:00Z\"}",
                "/v1/track", "{\"anonymousId\":\"shared-ipad\",\"userId\":\"alice-sd\",\"event\":\"Viewed\",\"timestamp\":\"2026-05-02T09:01:00Z\"}",
                "/v1/identify", "{\"anonymousId\":\"shared-ipad\",\"userId\":\"bob-sd\",\"timestamp\":\"2026-05-02T20:00:00Z\"}",
                "/v1/track", "{\"anonymousId\":\"shared-ipad\",\"userId\":\"bob-sd\",\"event\":\"Viewed\",\"timestamp\":\"2026-05-02T20:01:00Z\"}");

        Map<String, Object> alice = byIdentifier("user_id", "alice-sd");
        Map<String, Object> bob = byIdentifier("user_id", "bob-sd");

        assertThat(alice.get("id")).isNotEqualTo(bob.get("id"));
        assertThat(identifiers(alice)).containsExactly("user_id:alice-sd", "anonymous_id:shared-ipad");
        assertThat(identifiers(bob)).containsExactly("user_id:bob-sd");
        assertThat(attributes(bob)).containsEntry("events", 2L);
        List<?> audit = (List<?>) get("/api/profiles/" + bob.get("id") + "/merges").get("entries");
        assertThat(audit).hasSize(1);
        assertThat((Map<String, Object>) audit.get(0)).containsEntry("kind", "refusal").containsEntry("rule", "USER_ID_CONFLICT")
                .containsEntry("identifier", "anonymous_id:shared-ipad").containsEntry("otherProfile", alice.get("id"));
    }

    @Test
    void identifyNullMergesNothing() throws Exception {
        int before = profiles.count();
        long unattributed = profiles.unattributedEvents();

        send("/v1/identify", "{\"userId\":\"null\",\"anonymousId\":\"undefined\",\"traits\":{\"email\":\"null\"}}",
                "/v1/identify", "{\"userId\":\"0\",\"anonymousId\":\"[object Object]\"}");

        assertThat(profiles.count()).isEqualTo(before);
        assertThat(profiles.unattributedEvents()).isEqualTo(unattributed + 2);
        assertThat(api("GET", "/api/profiles/by-identifier/user_id/null", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anAliasMergesTwoKnownUsers() throws Exception {
        send("/v1/identify", "{\"userId\":\"crm-77\",\"timestamp\":\"2026-05-03T09:00:00Z\",\"traits\":{\"tier\":\"gold\"}}",
                "/v1/identify", "{\"userId\":\"shop-77\",\"timestamp\":\"2026-05-03T10:00:00Z\",\"traits\":{\"tier\":\"silver\"}}");
        Object older = byIdentifier("user_id", "crm-77").get("id");
        assertThat(byIdentifier("user_id", "shop-77").get("id")).isNotEqualTo(older);

        send("/v1/alias", "{\"previousId\":\"shop-77\",\"userId\":\"crm-77\",\"timestamp\":\"2026-05-03T11:00:00Z\"}");

        Map<String, Object> merged = byIdentifier("user_id", "shop-77");
        assertThat(merged.get("id")).as("the oldest profile survives").isEqualTo(older);
        assertThat(identifiers(merged)).contains("user_id:crm-77", "user_id:shop-77");
        assertThat(((Map<?, ?>) merged.get("traits")).get("tier")).as("last updated wins").isEqualTo("silver");
        List<?> audit = (List<?>) get("/api/profiles/" + older + "/merges").get("entries");
        List<String> kinds = audit.stream().map(entry -> String.valueOf(((Map<?, ?>) entry).get("kind"))).toList();
        assertThat(kinds).contains("merge");
    }

    @Test
    void splitRebuildsBothTimelinesAndEraseForgetsThePerson() throws Exception {
        send("/v1/page", "{\"anonymousId\":\"kiosk-9\",\"name\":\"Landing\",\"timestamp\":\"2026-05-04T08:00:00Z\"}",
                "/v1/page", "{\"anonymousId\":\"kiosk-9\",\"name\":\"Pricing\",\"timestamp\":\"2026-05-04T08:01:00Z\"}",
                "/v1/identify", "{\"anonymousId\":\"kiosk-9\",\"userId\":\"wrong-login\",\"timestamp\":\"2026-05-04T08:02:00Z\"}",
                "/v1/track", "{\"userId\":\"wrong-login\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":10},"
                        + "\"timestamp\":\"2026-05-04T09:00:00Z\"}");
        Map<String, Object> joined = byIdentifier("user_id", "wrong-login");
        assertThat(attributes(joined)).containsEntry("events", 4L);

        HttpResponse<String> split = api("POST", "/api/profiles/" + joined.get("id") + "/split", "{\"type\":\"anonymous_id\",\"value\":\"kiosk-9\"}");

        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        Map<String, Object> user = byIdentifier("user_id", "wrong-login");
        Map<String, Object> kiosk = byIdentifier("anonymous_id", "kiosk-9");
        assertThat(user.get("id")).isNotEqualTo(kiosk.get("id"));
        assertThat(attributes(user)).containsEntry("events", 2L).containsEntry("orders", 1L);
        assertThat(attributes(kiosk)).containsEntry("events", 2L).containsEntry("orders", 0L);
        assertThat((List<?>) get("/api/profiles/" + kiosk.get("id") + "/events").get("events")).hasSize(2);
        assertThat(api("POST", "/api/profiles/" + user.get("id") + "/split", "{\"type\":\"user_id\",\"value\":\"wrong-login\"}").statusCode())
                .as("the only identifier cannot be split off").isEqualTo(409);

        Map<String, Object> export = get("/api/profiles/" + user.get("id") + "/export");
        assertThat((List<?>) export.get("events")).hasSize(2);
        assertThat(export).containsKeys("profile", "traitHistory", "identityAudit");

        HttpResponse<String> erase = api("DELETE", "/api/profiles/" + user.get("id"), null);

        assertThat(erase.statusCode()).as(erase.body()).isEqualTo(200);
        assertThat(JsonValues.parseObject(erase.body())).containsEntry("events", 2L);
        assertThat(api("GET", "/api/profiles/by-identifier/user_id/wrong-login", null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/profiles/" + user.get("id"), null).statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchFiltersSortsAndRejectsWhatItCannotRead() throws Exception {
        send("/v1/track", "{\"userId\":\"big-spender\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":9000},"
                        + "\"context\":{\"location\":{\"country\":\"China\",\"city\":\"杭州\"}}}",
                "/v1/identify", "{\"userId\":\"big-spender\",\"traits\":{\"plan\":\"vip\"}}");

        Map<String, Object> result = get("/api/profiles?filter=" + URLEncoder.encode("revenue>=5000", StandardCharsets.UTF_8)
                + "&filter=" + URLEncoder.encode("traits.plan=VIP", StandardCharsets.UTF_8) + "&sort=revenue:desc");

        assertThat(result.get("total")).isEqualTo(1L);
        assertThat(identifiers((Map<String, Object>) ((List<?>) result.get("profiles")).get(0))).containsExactly("user_id:big-spender");
        assertThat(get("/api/profiles?filter=" + URLEncoder.encode("city~杭", StandardCharsets.UTF_8)).get("total")).isEqualTo(1L);
        assertThat(api("GET", "/api/profiles?filter=revenue%3Emuch", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/profiles?sort=shoe_size", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/profiles/by-identifier/shoe/42", null).statusCode()).isEqualTo(400);
        assertThat(api("GET", "/api/profiles/999999", null).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/profiles/1")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("admin token required").isEqualTo(401);
    }
}
