package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit of the API over real HTTP: every state-changing request, allowed or refused, with who,
 * the endpoint and its variables and the status, never a body; reads of a profile's personal data
 * and its export with the profile id, as the admin token and as users.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiAuditTests {

    private static final String TOKEN = "api-audit-token-0000001";
    private static final String KEY = "audit-shop-key-0001";
    private static final String PASSWORD = "carol-Secret-pass-77";
    private static final String PHONE = "13800138000";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "shop:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyChangeAllowedOrRefusedIsAuditedWithWhoWhatAndStatusButNoBody() throws Exception {
        assertThat(admin("POST", "/api/sources", "{\"name\":\"audited\",\"channel\":\"web\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> rotated = admin("POST", "/api/sources/audited/rotate-key", null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newKey = (String) JsonValues.parseObject(rotated.body()).get("writeKey");
        assertThat(admin("POST", "/api/users", "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"frontline\"]}")
                .statusCode()).isEqualTo(201);
        assertThat(admin("DELETE", "/api/users/nobody", null).statusCode()).isEqualTo(404);

        ConsoleClient analyst = ConsoleClient.signedIn(port, "analyst", "analyst-percept-demo");
        assertThat(analyst.send("POST", "/api/sources", "{\"name\":\"sneaky\",\"channel\":\"web\"}").statusCode()).isEqualTo(403);
        assertThat(analyst.send("PUT", "/api/segments/vip", "{\"definition\":\"orders >= 3\"}").statusCode()).isBetween(200, 299);
        assertThat(analyst.send("POST", "/api/session/password", "{\"currentPassword\":\"wrong-password-1\",\"newPassword\":\""
                + PASSWORD + "\"}").statusCode()).isEqualTo(400);
        assertThat(anonymous("DELETE", "/api/users/carol").statusCode()).isEqualTo(401);

        List<Map<String, Object>> entries = audit("action=api.&limit=50");
        List<String> lines = new ArrayList<>();
        entries.forEach(entry -> lines.add(entry.get("actor") + " " + entry.get("action") + " " + entry.get("target") + " " + entry.get("detail")));
        assertThat(lines).contains(
                "admin-token api.POST /api/sources 201",
                "admin-token api.POST /api/sources/{name}/rotate-key name=audited 200",
                "admin-token api.POST /api/users 201",
                "admin-token api.DELETE /api/users/{username} username=nobody 404",
                "analyst api.POST /api/sources 403",
                "analyst api.PUT /api/segments/{name} name=vip 200",
                "analyst api.POST /api/session/password 400",
                "anonymous api.DELETE /api/users/{username} username=carol 401");
        String everything = JsonValues.toJson(audit("limit=1000"));
        assertThat(everything).as("no passwords, keys or tokens in the audit").doesNotContain(PASSWORD, newKey, TOKEN, "orders >= 3");
        assertThat(audit("user=analyst&action=api.POST&limit=10")).hasSize(2);
    }

    @Test
    void readsAndExportsOfAProfileAreAuditedWithItsIdNeverTheIdentifier() throws Exception {
        HttpResponse<String> tracked = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/identify"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"pii-user-1\",\"traits\":{\"phone\":\"" + PHONE + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tracked.statusCode()).isEqualTo(200);
        ConsoleClient frontline = ConsoleClient.signedIn(port, "frontline", "frontline-percept-demo");
        HttpResponse<String> found = frontline.get("/api/profiles/by-identifier/user_id/pii-user-1");
        for (int i = 0; i < 300 && found.statusCode() == 404; i++) {
            Thread.sleep(100);
            found = frontline.get("/api/profiles/by-identifier/user_id/pii-user-1");
        }
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        long id = ((Number) JsonValues.parseObject(found.body()).get("id")).longValue();
        assertThat(frontline.get("/api/profiles/by-identifier/phone/" + PHONE).statusCode()).isEqualTo(200);
        assertThat(frontline.get("/api/profiles/" + id).statusCode()).isEqualTo(200);
        assertThat(frontline.get("/api/profiles/" + id + "/export").statusCode()).as("exports are for admins").isEqualTo(403);
        assertThat(admin("GET", "/api/profiles/" + id + "/events", null).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/api/profiles/" + id + "/export", null).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/api/profiles/99999999", null).statusCode()).as("no profile, no personal data seen").isEqualTo(404);

        List<String> lines = new ArrayList<>();
        audit("action=pii.viewed&limit=50").forEach(entry -> lines.add(entry.get("actor") + " " + entry.get("target") + " " + entry.get("detail")));
        assertThat(lines).containsExactlyInAnyOrder(
                "frontline profile:" + id + " /api/profiles/by-identifier/{type}/{value:.+}",
                "frontline profile:" + id + " /api/profiles/by-identifier/{type}/{value:.+}",
                "frontline profile:" + id + " /api/profiles/{id}",
                "admin-token profile:" + id + " /api/profiles/{id}/events");
        assertThat(audit("action=profile.exported&limit=10")).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("actor", "admin-token").containsEntry("target", "profile:" + id);
        });
        assertThat(JsonValues.toJson(audit("limit=1000"))).as("the identifiers looked up are personal data too").doesNotContain(PHONE, "pii-user-1");
    }

    private List<Map<String, Object>> audit(String query) throws Exception {
        HttpResponse<String> response = admin("GET", "/api/users/audit?" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object entry : (List<?>) JsonValues.parseObject("{\"e\":" + response.body() + "}").get("e")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) entry;
            entries.add(map);
        }
        return entries;
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> anonymous(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
