package io.percept.rules;

import static io.percept.testing.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.percept.eventlog.EventLog;
import io.percept.platform.JsonValues;
import io.percept.profile.Profiles;
import io.percept.segmentation.Segments;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Consent enforced end to end on a real server, in the mode a subclass sets: customers who gave
 * consent, refused it, or never said, each trigger a marketing rule (an offer webhook) and a service
 * rule (a ticket webhook); offers reach only those whose consent allows marketing, the rest are
 * counted as skipped; a withdrawal stops the next offer. A prediction run scores only those whose
 * consent allows profiling, saved segments hold only them, and a withdrawal hides scores at once.
 */
abstract class ConsentEnforcement {

    static final String TOKEN = "consent-token-000001";
    static final String KEY = "key-consent-00000001";
    private static final int EACH = 30;

    @LocalServerPort
    int port;

    @Autowired
    EventLog eventLog;

    @Autowired
    Profiles profiles;

    @Autowired
    Segments segments;

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer receiver;
    /** The user ids in the offers and tickets received. */
    private final List<String> offers = new CopyOnWriteArrayList<>();
    private final List<String> tickets = new CopyOnWriteArrayList<>();

    /** Whether a customer who never stated consent counts as consenting (opt-out) or not (opt-in). */
    abstract boolean unknownAllowed();

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<?, ?> event = (Map<?, ?>) JsonValues.parseObject(body).get("event");
            String user = String.valueOf(event.get("userId"));
            (exchange.getRequestURI().getPath().equals("/offer") ? offers : tickets).add(user);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String hook(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyConsentingCustomersGetOffersAndScores() throws Exception {
        rule("""
                id: cart-offer
                when: {event: {name: Cart Viewed}}
                actions:
                  - webhook: {url: "%s", maxAttempts: 1}
                """.formatted(hook("/offer")));
        rule("""
                id: cart-ticket
                purpose: service
                when: {event: {name: Cart Viewed}}
                actions:
                  - webhook: {url: "%s", maxAttempts: 1}
                """.formatted(hook("/ticket")));
        Map<String, Object> stored = JsonValues.parseObject(api("GET", "/api/rules/cart-ticket", null).body());
        assertThat(stored.toString()).as("the declared purpose is kept").contains("purpose=service");

        // three ways of stating consent, a refusal, and silence; each customer with a year of orders
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<String> events = new ArrayList<>();
        for (int c = 0; c < EACH; c++) {
            events.add("{\"type\":\"identify\",\"userId\":\"yes-" + c + "\",\"traits\":{\"consent\":{\"marketing\":true,\"profiling\":true}}}");
            events.add("{\"type\":\"identify\",\"userId\":\"no-" + c + "\",\"context\":{\"consent\":{\"categoryPreferences\":"
                    + "{\"marketing\":false,\"profiling\":false}}}}");
            events.add("{\"type\":\"identify\",\"userId\":\"unknown-" + c + "\",\"traits\":{\"plan\":\"basic\"}}");
            for (String user : List.of("yes-" + c, "no-" + c, "unknown-" + c)) {
                for (int day = 300 - c; day > 0; day -= 25 + c % 7) {
                    events.add("{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"timestamp\":\""
                            + now.minus(day, ChronoUnit.DAYS) + "\",\"properties\":{\"order_id\":\"" + user + "-" + day
                            + "\",\"revenue\":" + (100 + c) + ",\"products\":[{\"product_id\":\"P-" + (c % 4) + "\",\"price\":" + (100 + c) + "}]}}");
                }
            }
        }
        batch(events);
        for (int c = 0; c < EACH; c++) {
            for (String user : List.of("yes-" + c, "no-" + c, "unknown-" + c)) {
                send("track", "{\"userId\":\"" + user + "\",\"event\":\"Cart Viewed\"}");
            }
        }
        waitFor(() -> tickets.size() == 3 * EACH, "a ticket for every customer: the service rule ignores consent");
        int expectedOffers = EACH * (unknownAllowed() ? 2 : 1);
        waitFor(() -> offers.size() == expectedOffers, "offers for the consenting");
        Thread.sleep(500);
        assertThat(offers).as("no offer to a customer who refused marketing").noneMatch(user -> user.startsWith("no-"))
                .hasSize(expectedOffers);
        assertThat(offers.stream().anyMatch(user -> user.startsWith("unknown-"))).as("unknown consent").isEqualTo(unknownAllowed());
        Map<String, Object> stats = JsonValues.parseObject(api("GET", "/api/rules/cart-offer/stats", null).body());
        int skipped = 3 * EACH - expectedOffers;
        assertThat((Map<String, Object>) stats.get("sinceStart")).containsEntry("fired", (long) expectedOffers)
                .containsEntry("skippedNoConsent", (long) skipped);
        List<Map<String, Object>> skips = (List<Map<String, Object>>) stats.get("skipped");
        assertThat(skips).hasSize(skipped).allSatisfy(skip -> assertThat(skip).containsEntry("reason", "no-marketing-consent"));
        assertThat(JsonValues.parseObject(api("GET", "/api/rules/cart-ticket/stats", null).body()).get("sinceStart").toString())
                .contains("skippedNoConsent=0");
        assertThat(api("GET", "/actuator/prometheus", null).body())
                .contains("reason=\"no-marketing-consent\",rule=\"cart-offer\"} " + skipped + ".0");

        // the latest statement wins: yes-0 withdraws, and its next cart view gets a ticket but no offer
        send("identify", "{\"userId\":\"yes-0\",\"traits\":{\"marketing_consent\":false}}");
        send("track", "{\"userId\":\"yes-0\",\"event\":\"Cart Viewed\"}");
        waitFor(() -> tickets.size() == 3 * EACH + 1, "the ticket after the withdrawal");
        Thread.sleep(500);
        assertThat(offers).as("no offer after the withdrawal").hasSize(expectedOffers);
        assertThat(JsonValues.parseObject(api("GET", "/api/rules/cart-offer/stats", null).body()).get("sinceStart").toString())
                .contains("skippedNoConsent=" + (skipped + 1));

        // profiling: a saved segment over behaviour holds only the profiles whose consent allows profiling
        HttpResponse<String> segment = api("PUT", "/api/segments/buyers", "{\"definition\":\"orders >= 1\"}");
        assertThat(segment.statusCode()).as(segment.body()).isEqualTo(200);
        int allowed = EACH * (unknownAllowed() ? 2 : 1);
        assertThat(segments.members(segments.get("buyers").orElseThrow())).as("segment members").hasSize(allowed);

        Map<String, Object> summary = predict();
        assertThat(summary).containsEntry("customers", (long) allowed).containsEntry("withoutProfilingConsent", (long) (3 * EACH - allowed));
        for (int c = 0; c < EACH; c++) {
            assertThat(scores("yes-" + c)).as("yes-" + c).isNotNull().containsKey("clv");
            assertThat(scores("no-" + c)).as("no-" + c).isNull();
            assertThat(scores("unknown-" + c) != null).as("unknown-" + c).isEqualTo(unknownAllowed());
        }

        // a withdrawal of profiling hides the scores at once, and the next run leaves the profile out
        send("identify", "{\"userId\":\"yes-1\",\"traits\":{\"consent\":{\"profiling\":false}}}");
        waitFor(() -> scores("yes-1") == null, "yes-1's scores hidden after the withdrawal");
        assertThat(scores("yes-2")).isNotNull();
        assertThat(predict()).containsEntry("customers", (long) allowed - 1).containsEntry("withoutProfilingConsent", (long) (3 * EACH - allowed + 1));
        assertThat(scores("yes-1")).isNull();
        assertThat(segments.members(segments.get("buyers").orElseThrow())).hasSize(allowed - 1);
    }

    /** Runs the models and waits for the run; its summary. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> predict() throws Exception {
        long head = eventLog.head();
        waitFor(() -> profiles.position() >= head, "profiles caught up");
        HttpResponse<String> started = api("POST", "/api/predictions/runs", null);
        assertThat(started.statusCode()).as(started.body()).isBetween(200, 202);
        long run = ((Number) JsonValues.parseObject(started.body()).get("run")).longValue();
        Map<String, Object>[] status = new Map[1];
        waitFor(() -> {
            status[0] = json("/api/predictions/status");
            return ((Number) status[0].get("id")).longValue() >= run && !"running".equals(status[0].get("status"));
        }, "the prediction run");
        assertThat(status[0].get("status")).as(String.valueOf(status[0])).isEqualTo("succeeded");
        return (Map<String, Object>) status[0].get("summary");
    }

    /** The scores on a customer's profile, null when none are shown. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> scores(String userId) {
        Map<String, Object> profile = json("/api/profiles/by-identifier/user_id/" + userId);
        return (Map<String, Object>) ((Map<?, ?>) profile.get("attributes")).get("scores");
    }

    private Map<String, Object> json(String path) {
        try {
            HttpResponse<String> response = api("GET", path, null);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return JsonValues.parseObject(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void rule(String yaml) throws Exception {
        HttpResponse<String> created = api("POST", "/api/rules", yaml);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", body != null && body.strip().startsWith("{") ? "application/json" : "application/yaml");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void batch(List<String> events) throws Exception {
        for (int from = 0; from < events.size(); from += 500) {
            send("batch", "{\"batch\":[" + String.join(",", events.subList(from, Math.min(events.size(), from + 500))) + "]}");
        }
    }

    private void send(String call, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/" + call))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

}
