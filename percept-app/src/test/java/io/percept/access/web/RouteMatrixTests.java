package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.access.Role;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every route of every Spring MVC handler mapping (controllers, actuator, OpenAPI, static
 * resources), not only {@code /api}, against every kind of credential: none, a wrong bearer token,
 * a source's write key sent as HTTP Basic and as a bearer token, the admin token sent as a write key
 * and as a bearer token; and on the console's routes a session of each role. Each route belongs to
 * one {@link Area} with the answers docs/access.md promises for each credential; a route in no area
 * fails the build, so a new route must be given its expectation here. ({@code AccessMatrixTests}
 * checks each role on each {@code /api} endpoint against the policy.)
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RouteMatrixTests {

    private static final String TOKEN = "route-matrix-token-0001";
    private static final String KEY = "route-matrix-key-0001";
    private static final String SOURCE = "matrix";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, SOURCE + ":web:" + KEY);
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.rules.inbox.enabled", () -> "true");
        registry.add("percept.access.demo-users", () -> "true");
    }

    /** The credentials the matrix sends and the source whose webhook it calls. */
    record Keys(String token, String key, String source) {
    }

    private static final Keys KEYS = new Keys(TOKEN, KEY, SOURCE);

    /** Where a route is and so what each credential gets there. */
    enum Area {
        /** {@code /api/**}: the admin token or a session; everything else 401. */
        API,
        /** The tracking API: only a source's write key (HTTP Basic user). */
        TRACKING,
        /** A source's webhook: its write key (or its signature when it has one). */
        WEBHOOK,
        /** Console pages and their htmx calls: a session, else the login page. */
        CONSOLE,
        /** Open to anyone: status page, login form, error page, OpenAPI and Swagger UI, static files, actuator. */
        OPEN
    }

    /** A credential sent without a session. */
    enum Credential {
        NONE, WRONG_BEARER, WRITE_KEY_BASIC, WRITE_KEY_BEARER, ADMIN_TOKEN_BASIC, ADMIN_TOKEN_BEARER;

        String header(Keys keys) {
            switch (this) {
                case WRONG_BEARER:
                    return "Bearer not-the-admin-token-0000";
                case WRITE_KEY_BASIC:
                    return basic(keys.key());
                case WRITE_KEY_BEARER:
                    return "Bearer " + keys.key();
                case ADMIN_TOKEN_BASIC:
                    return basic(keys.token());
                case ADMIN_TOKEN_BEARER:
                    return "Bearer " + keys.token();
                default:
                    return null;
            }
        }
    }

    /** What docs/access.md and docs/ingest.md promise: the status (and the tracking API's code) per area and credential. */
    private static String expected(Area area, Credential credential) {
        switch (area) {
            case API:
                return credential == Credential.ADMIN_TOKEN_BEARER ? "allowed" : "401";
            case TRACKING:
            case WEBHOOK:
                switch (credential) {
                    case NONE:
                        return "401 missing_write_key";
                    case WRITE_KEY_BASIC:
                        return "200";
                    case ADMIN_TOKEN_BASIC:
                        return "401 invalid_write_key";
                    default:
                        return "401 invalid_authorization";
                }
            case CONSOLE:
                return "login";
            default:
                return "allowed";
        }
    }

    /** The console's pages by role as docs/access.md lists them: the front line has the customer pages, the users page is for admins. */
    private static boolean pageAllows(String path, Role role) {
        String rest = path.replaceFirst("^/console/?", "");
        String page = rest.isEmpty() ? "overview" : rest.split("/")[0];
        switch (page) {
            case "customers":
            case "verbatims":
                return true;
            case "users":
                return role == Role.ADMIN;
            default:
                return role != Role.FRONTLINE;
        }
    }

    private static final Set<Role> ANALYSTS = EnumSet.of(Role.ANALYST, Role.ADMIN);
    private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

    /**
     * Actions within a page kept to fewer roles, as their JSON API is (docs/access.md): editing
     * initiatives and segments, trying and acknowledging rules are for analysts, changing rules for
     * admins. Null for routes open to everyone who may open the page.
     */
    private static Set<Role> actionRoles(String method, String pattern) {
        if (pattern.equals("/console/rules/editor/save") || pattern.startsWith("/console/rules/{id}/{change") || pattern.equals("/console/rules/{id}/replay")) {
            return ADMINS;
        }
        boolean post = "POST".equals(method);
        if (post && (pattern.startsWith("/console/initiatives") || pattern.equals("/console/segments") || pattern.startsWith("/console/rules/"))
                || pattern.equals("/console/initiatives/{id}/edit") || pattern.equals("/console/rules/editor")) {
            return ANALYSTS;
        }
        return null;
    }

    private static final List<String> OPEN_PATTERNS = List.of("/", "/login", "/error", "/index.html", "/**", "/webjars/**", "/v3/api-docs",
            "/v3/api-docs/**", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/**", "/swagger-ui/index.html",
            "/actuator", "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/{requiredMetricName}");

    private static Area area(String pattern) {
        if (pattern.startsWith("/api/")) {
            return Area.API;
        }
        if (pattern.startsWith("/v1/webhooks/")) {
            return Area.WEBHOOK;
        }
        if (pattern.startsWith("/v1/")) {
            return Area.TRACKING;
        }
        if (pattern.equals("/console") || pattern.startsWith("/console/")) {
            return Area.CONSOLE;
        }
        return OPEN_PATTERNS.contains(pattern) || pattern.startsWith("/swagger-ui/") || pattern.startsWith("/webjars/") ? Area.OPEN : null;
    }

    record Route(String method, String pattern) implements Comparable<Route> {

        @Override
        public int compareTo(Route other) {
            return (pattern + " " + method).compareTo(other.pattern + " " + other.method);
        }

        String path(String source) {
            String path = pattern.startsWith("/v1/webhooks/") ? pattern.replace("{name}", source) : pattern;
            path = path.replace("/webjars/**", "/webjars/htmx.org/dist/htmx.min.js").replace("/**", "/index.html");
            // a variable with alternatives ({change:enable|disable}) takes its first one, any other 1
            return path.replace("*", "").replaceAll("\\{[^}:]+:([a-z]+)\\|[^}]*}", "$1").replaceAll("\\{[^}]+}", "1");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void aWebhookWithoutSignature() throws Exception {
        aWebhookWithoutSignature(port, KEYS);
    }

    /** Gives the source a webhook mapping (no signature), so that its route answers to the write key. */
    static void aWebhookWithoutSignature(int port, Keys keys) throws Exception {
        HttpResponse<String> put = send(port, "PUT", "/api/sources/" + keys.source() + "/webhook", "Bearer " + keys.token(),
                "type: track\nevent: Matrix Webhook\nuser_id: $.user\n", "application/yaml");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    /** Every route of every handler mapping; a mapping without methods counts as GET. */
    static Set<Route> routes(ApplicationContext context) {
        Set<Route> routes = new TreeSet<>();
        for (HandlerMapping mapping : context.getBeansOfType(HandlerMapping.class).values()) {
            if (mapping instanceof RequestMappingInfoHandlerMapping infos) {
                for (RequestMappingInfo info : infos.getHandlerMethods().keySet()) {
                    Set<String> patterns = info.getPathPatternsCondition() == null ? info.getPatternValues()
                            : info.getPathPatternsCondition().getPatternValues();
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (String pattern : patterns) {
                        if (methods.isEmpty()) {
                            routes.add(new Route("GET", pattern));
                        }
                        methods.forEach(method -> routes.add(new Route(method.name(), pattern)));
                    }
                }
            } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                urls.getHandlerMap().keySet().forEach(pattern -> routes.add(new Route("GET", pattern)));
            }
        }
        return routes;
    }

    /** What the credential matrix found: routes per area, requests sent, and each answer that was not the promised one. */
    record Findings(Map<Area, Integer> perArea, int checks, List<String> wrong) {
    }

    /**
     * Sends every credential to every route of the application on {@code port} and compares each
     * answer with what the docs promise; fails at once if a route has no area.
     */
    static Findings credentialMatrix(Set<Route> routes, int port, Keys keys) throws Exception {
        List<Route> unplaced = routes.stream().filter(route -> area(route.pattern()) == null).toList();
        assertThat(unplaced).as("give each new route its area (and so its expected answers) in RouteMatrixTests").isEmpty();
        Map<Area, Integer> perArea = new EnumMap<>(Area.class);
        List<String> wrong = new ArrayList<>();
        int checks = 0;
        for (Route route : routes) {
            Area area = area(route.pattern());
            perArea.merge(area, 1, Integer::sum);
            for (Credential credential : Credential.values()) {
                HttpResponse<String> answer = send(port, route.method(), route.path(keys.source()), credential.header(keys), body(route),
                        "application/json");
                String expected = expected(area, credential);
                checks++;
                if (!matches(expected, answer)) {
                    wrong.add(route.method() + " " + route.path(keys.source()) + " with " + credential + ": " + answer.statusCode() + " "
                            + answer.headers().firstValue("Location").orElse("") + " " + shorten(answer.body()) + " (expected " + expected + ")");
                }
            }
        }
        return new Findings(perArea, checks, wrong);
    }

    @Test
    void everyRouteHasAnAreaAndEveryCredentialGetsWhatTheDocsPromise() throws Exception {
        Set<Route> routes = routes(context);
        Findings findings = credentialMatrix(routes, port, KEYS);
        Map<Area, Integer> perArea = findings.perArea();
        List<String> wrong = new ArrayList<>(findings.wrong());
        int checks = findings.checks();
        int sessionChecks = 0;
        for (Role role : Role.values()) {
            ConsoleClient session = signedIn(role);
            for (Route route : routes) {
                if (area(route.pattern()) != Area.CONSOLE) {
                    continue;
                }
                HttpResponse<String> answer = session.send(route.method(), route.path(SOURCE), "GET".equals(route.method()) ? null : "{}");
                sessionChecks++;
                boolean onPage = pageAllows(route.path(SOURCE), role);
                Set<Role> action = actionRoles(route.method(), route.pattern());
                boolean allowed = onPage && (action == null || action.contains(role));
                int status = answer.statusCode();
                String location = answer.headers().firstValue("Location").orElse("");
                boolean ok;
                if (allowed) {
                    ok = status != 401 && status != 403 && !location.contains("/login");
                } else if (!onPage) {
                    ok = status == 403 || route.path(SOURCE).equals("/console") && status == 302 && location.endsWith("/console/customers");
                } else {
                    // the handler checks the role after Spring has bound the form, which the matrix sends empty: 400 is a refusal too
                    ok = status == 403 || status == 400;
                }
                if (!ok) {
                    wrong.add(role + " " + route.method() + " " + route.path(SOURCE) + ": " + status + " " + location + " (expected "
                            + (allowed ? "allowed" : "403") + ")");
                }
            }
        }
        System.out.printf("route matrix: %d routes (%s) x %d credentials = %d checks, plus %d console routes x 4 roles = %d; %d wrong%n",
                routes.size(), perArea, Credential.values().length, checks, sessionChecks / 4, sessionChecks, wrong.size());
        assertThat(wrong).isEmpty();
        assertThat(perArea.get(Area.API)).isGreaterThan(100);
        assertThat(perArea.get(Area.CONSOLE)).isGreaterThan(20);
        assertThat(perArea.get(Area.TRACKING)).isGreaterThan(10);
    }

    private static boolean matches(String expected, HttpResponse<String> answer) {
        int status = answer.statusCode();
        String location = answer.headers().firstValue("Location").orElse("");
        switch (expected) {
            case "allowed":
                return status != 401 && status != 403 && !location.contains("/login");
            case "login":
                return status == 302 && location.endsWith("/login");
            default:
                String[] parts = expected.split(" ");
                return status == Integer.parseInt(parts[0]) && (parts.length == 1 || answer.body().contains("\"code\":\"" + parts[1] + "\""));
        }
    }

    /** A body the route's parser accepts far enough to check the credential: a valid event for the tracking API. */
    private static String body(Route route) {
        if ("GET".equals(route.method())) {
            return null;
        }
        if (route.pattern().startsWith("/v1/batch") || route.pattern().startsWith("/v1/import")) {
            return "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Matrix\"}]}";
        }
        if (route.pattern().startsWith("/v1/webhooks/")) {
            return "{\"user\":\"u1\"}";
        }
        if (route.pattern().startsWith("/v1/")) {
            return "{\"userId\":\"u1\",\"event\":\"Matrix\",\"name\":\"Home\",\"groupId\":\"g1\",\"previousId\":\"p1\",\"traits\":{}}";
        }
        return "{}";
    }

    private ConsoleClient signedIn(Role role) throws Exception {
        String name = role == Role.ADMIN ? "demo-admin" : role.name().toLowerCase(java.util.Locale.ROOT).replace("executive", "exec");
        return ConsoleClient.signedIn(port, name, name + "-percept-demo");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(int port, String method, String path, String authorization, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String shorten(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
