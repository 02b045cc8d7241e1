package io.percept.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.HostileInput;
import io.percept.testing.TestServers;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of the application under hostile input, found from Spring's own route table rather
 * than listed by hand: for each route and method, {@value #CASES_PER_ROUTE} requests with hostile
 * path variables, hostile values of the handler's query parameters (and of a few it does not
 * have), and, for bodies, JSON objects whose usual fields hold hostile values, or bodies that are
 * not JSON at all. Sent with the admin token, so the requests reach the handlers. No answer may be
 * a server error (5xx); afterwards the server still serves: health is UP, a valid batch is accepted
 * and stored, and the stored events are intact. The tracking API has its own, deeper fuzz test
 * ({@code TrackingRobustnessTests}).
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiFuzzIT {

    private static final int CASES_PER_ROUTE = 40;
    private static final String TOKEN = "api-fuzz-token-0123456789";
    private static final String KEY = "api-fuzz-key-0123456789";
    private static final String PASSWORD = "api-fuzz-admin-password-0123";
    /** Payloads that would run in a browser if a page printed them as they are. */
    private static final List<String> SCRIPTS = List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    private static final List<String> FIELDS = List.of("name", "definition", "description", "channel", "type", "value", "id", "title", "url",
            "query", "password", "role", "roles", "username", "source", "mapping", "event", "text", "language", "segment", "status", "document");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        // the fuzz may rotate or disable the source it names ("shop", mutated): the canary's source is one it cannot name
        TestServers.register(registry, TOKEN, "shop:web:api-fuzz-shop-key-0123,zz-canary-source:web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.admin-password", () -> PASSWORD);
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void noRouteAnswersHostileInputWithAServerError() throws Exception {
        HostileInput input = HostileInput.seeded();
        long seed = input.seed();
        io.percept.testing.ConsoleClient console = io.percept.testing.ConsoleClient.signedIn(port, "admin", PASSWORD);
        // the fuzz may erase profile 1 (DELETE /api/profiles/1 is a valid request): the canary's profile comes later
        for (int filler = 0; filler < 5; filler++) {
            assertThat(send("POST", "/v1/batch", batch("filler-" + filler), "Basic " + basic()).statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "/v1/batch", batch("before"), "Basic " + basic()).statusCode()).isEqualTo(200);
        Map<String, Integer> casesByRoute = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> route : routes.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = route.getKey();
            if (info.getPathPatternsCondition() == null) {
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (pattern.startsWith("/v1/") || pattern.startsWith("/api/demo/live") || pattern.equals("/error") || pattern.equals("/logout")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    for (int c = 0; c < CASES_PER_ROUTE; c++) {
                        String path = path(pattern, input) + query(route.getValue(), input);
                        String body = method == RequestMethod.GET || method == RequestMethod.DELETE ? null : body(input);
                        HttpResponse<String> response;
                        try {
                            // half through the admin token, half through a console session (cookie and CSRF token), as pages call
                            response = c % 2 == 0 ? send(method.name(), path, body, "Bearer " + TOKEN) : console.send(method.name(), path, body);
                        } catch (IOException e) {
                            failures.add(method + " " + HostileInput.shorten(path) + ": " + e);
                            continue;
                        }
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() >= 500) {
                            failures.add(method + " " + HostileInput.shorten(path) + " body " + (body == null ? "-" : HostileInput.shorten(body)) + " → "
                                    + response.statusCode() + " " + HostileInput.shorten(response.body()));
                        }
                        casesByRoute.merge(method + " " + pattern, 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(failures).as("server errors (seed %d)", seed).isEmpty();

        // whatever hostile text the fuzz stored, and markup stored on purpose where pages show text, no page prints it as markup
        assertThat(send("PUT", "/api/segments/xss-check", JsonValues.toJson(Map.of("definition", "events > 0", "description", SCRIPTS.get(0))),
                "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> initiative = console.send("POST", "/api/console/initiatives", JsonValues.toJson(Map.of("name", SCRIPTS.get(2),
                "kind", "other", "startsOn", "2026-11-01", "endsOn", "2026-12-01", "regions", List.of("华东"), "kpis", List.of("revenue"))));
        assertThat(initiative.statusCode()).as(initiative.body()).isBetween(200, 201);
        assertThat(send("POST", "/v1/batch", JsonValues.toJson(Map.of("batch", List.of(Map.of("type", "identify", "userId", SCRIPTS.get(1),
                "messageId", "fuzz-xss-identify", "traits", Map.of("name", SCRIPTS.get(0), "email", "x@example.com"))))), "Basic " + basic())
                .statusCode()).isEqualTo(200);
        long profile = 0;
        for (long deadline = System.nanoTime() + 30_000_000_000L; profile == 0 && System.nanoTime() < deadline; Thread.sleep(100)) {
            HttpResponse<String> found = send("GET", "/api/profiles/by-identifier/user_id/" + encode(SCRIPTS.get(1)), null, "Bearer " + TOKEN);
            if (found.statusCode() == 200) {
                profile = ((Number) JsonValues.parseObject(found.body()).get("id")).longValue();
            }
        }
        assertThat(profile).as("the customer named with markup is unified").isPositive();
        HttpResponse<String> customer = console.get("/console/customers/" + profile);
        assertThat(customer.statusCode()).isEqualTo(200);
        assertThat(customer.body()).as("the page shows the customer's id, escaped").contains("&lt;img src=x onerror=alert(1)&gt;");
        for (String script : SCRIPTS) {
            assertThat(customer.body()).as("the customer page prints names and ids escaped").doesNotContain(script);
        }
        int pages = 1;
        for (RequestMappingInfo info : routes.getHandlerMethods().keySet()) {
            boolean get = info.getMethodsCondition().getMethods().isEmpty() || info.getMethodsCondition().getMethods().contains(RequestMethod.GET);
            for (String pattern : info.getPathPatternsCondition() == null ? Set.<String>of() : info.getPathPatternsCondition().getPatternValues()) {
                if (get && pattern.startsWith("/console") && !pattern.contains("{") && !pattern.contains("*")) {
                    HttpResponse<String> page = console.get(pattern);
                    for (String script : SCRIPTS) {
                        assertThat(page.body()).as("%s prints stored text escaped (seed %d)", pattern, seed).doesNotContain(script);
                    }
                    pages++;
                }
            }
        }
        assertThat(pages).as("console pages checked for markup").isPositive();

        HttpResponse<String> health = send("GET", "/actuator/health", null, "Bearer " + TOKEN);
        assertThat(health.body()).as("still healthy").contains("\"status\":\"UP\"");
        assertThat(send("POST", "/v1/batch", batch("after"), "Basic " + basic()).statusCode()).as("still accepting events").isEqualTo(200);
        String events = send("GET", "/api/sources/zz-canary-source/events?limit=50", null, "Bearer " + TOKEN).body();
        assertThat(events).as("the events sent before and after are stored").contains("fuzz-canary-before").contains("fuzz-canary-after");
        int cases = casesByRoute.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("API fuzz: %d routes and methods, %d requests, 0 server errors (answers by status: %s), %d console pages without "
                + "unescaped markup, seed %d%n", casesByRoute.size(), cases, statuses, pages, seed);
    }

    /** The pattern with each {variable} replaced by a hostile value (or a plausible one), URL-encoded. */
    private static String path(String pattern, HostileInput input) {
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String value = input.nextInt(4) == 0 ? "1" : input.next("shop");
            variable.appendReplacement(path, Matcher.quoteReplacement(encode(value.isEmpty() ? "x" : value)));
        }
        variable.appendTail(path);
        return path.toString();
    }

    /** Hostile values for the handler's own query parameters and one it does not take. */
    private static String query(HandlerMethod handler, HostileInput input) {
        StringBuilder query = new StringBuilder();
        for (Parameter parameter : handler.getMethod().getParameters()) {
            RequestParam param = parameter.getAnnotation(RequestParam.class);
            if (param != null && input.nextInt(3) > 0) {
                String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : parameter.getName();
                query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=').append(encode(input.next("10")));
            }
        }
        query.append(query.isEmpty() ? "?" : "&").append("sort=").append(encode(input.next("name")));
        return query.toString();
    }

    /** A JSON object whose usual fields hold hostile values, hostile JSON, or text that is not JSON. */
    private static String body(HostileInput input) {
        int kind = input.nextInt(5);
        if (kind == 0) {
            return input.next("{\"name\":\"x\"}");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (input.nextInt(3) == 0) {
                body.put(field, kind == 1 ? List.of(input.next("a")) : input.next("value"));
            }
        }
        return JsonValues.toJson(body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String basic() {
        return Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String batch(String canary) {
        return JsonValues.toJson(Map.of("batch", List.of(Map.of("type", "track", "event", "Fuzz Canary", "userId",
                canary.startsWith("filler") ? canary : "canary", "messageId", "fuzz-canary-" + canary))));
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
