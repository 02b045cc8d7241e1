package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.access.Role;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every {@code /api} endpoint that Spring MVC maps has exactly one entry in the {@link AccessPolicy},
 * and for each role × endpoint a logged-in user of that role (the demo users, over real HTTP with a
 * session and its CSRF token) gets 403 exactly when the policy says no.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessMatrixTests {

    private static final String TOKEN = "access-matrix-token-01";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "");
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.rules.inbox.enabled", () -> "true");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    AccessPolicy policy;

    record Endpoint(String method, String pattern) implements Comparable<Endpoint> {

        @Override
        public int compareTo(Endpoint other) {
            return (pattern + " " + method).compareTo(other.pattern + " " + other.method);
        }

        /** A concrete path: every variable becomes {@code 1}, so ids parse and names are well-formed but not found. */
        String path() {
            return pattern.replaceAll("\\{[^}]+}", "1");
        }
    }

    private Set<Endpoint> apiEndpoints() {
        Set<Endpoint> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> patterns = info.getPathPatternsCondition() == null ? info.getPatternValues()
                    : info.getPathPatternsCondition().getPatternValues();
            for (String pattern : patterns) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods).as("%s declares its HTTP methods", pattern).isNotEmpty();
                methods.forEach(method -> endpoints.add(new Endpoint(method.name(), pattern)));
            }
        }
        return endpoints;
    }

    @Test
    void everyApiEndpointHasExactlyOnePolicyEntry() {
        Set<Endpoint> mapped = apiEndpoints();
        List<Endpoint> listed = AccessPolicy.ENTRIES.stream().map(entry -> new Endpoint(entry.method(), entry.pattern())).toList();
        assertThat(mapped).as("the API under test").hasSizeGreaterThan(70);
        assertThat(listed).as("policy entries are unique").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(listed)).as("add an entry to AccessPolicy for each new endpoint, remove entries of removed ones")
                .containsExactlyElementsOf(mapped);
    }

    @Test
    void eachRoleGetsForbiddenExactlyWhereThePolicySaysSo() throws Exception {
        Set<Endpoint> endpoints = apiEndpoints();
        List<String> wrong = new ArrayList<>();
        int allowedCount = 0;
        int deniedCount = 0;
        for (Role role : Role.values()) {
            ConsoleClient client = loggedIn(role);
            for (Endpoint endpoint : endpoints) {
                boolean allowed = policy.allowed(endpoint.method(), endpoint.path()).contains(role);
                HttpResponse<String> response = client.send(endpoint.method(), endpoint.path(), "GET".equals(endpoint.method()) ? null : "{}");
                int status = response.statusCode();
                boolean ok = allowed ? status != 401 && status != 403 : status == 403;
                if (!ok) {
                    wrong.add(role + " " + endpoint.method() + " " + endpoint.path() + " -> " + status + " (policy: "
                            + (allowed ? "allowed" : "denied") + ") " + response.body());
                }
                if (allowed) {
                    allowedCount++;
                } else {
                    deniedCount++;
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(allowedCount).isGreaterThan(100);
        assertThat(deniedCount).isGreaterThan(100);
    }

    @Test
    void thePolicyReadsAsDocumented() {
        assertThat(policy.allowed("GET", "/api/users")).containsExactly(Role.ADMIN);
        assertThat(policy.allowed("GET", "/api/voc/topics")).containsExactlyInAnyOrder(Role.EXECUTIVE, Role.ANALYST, Role.ADMIN);
        assertThat(policy.allowed("GET", "/api/voc/quotes")).contains(Role.FRONTLINE);
        assertThat(policy.allowed("GET", "/api/profiles/by-identifier/phone/13800001234")).contains(Role.FRONTLINE);
        assertThat(policy.allowed("GET", "/api/rules/alerts")).as("the literal beats {id}").contains(Role.EXECUTIVE);
        assertThat(policy.allowed("GET", "/api/rules/7")).doesNotContain(Role.EXECUTIVE).contains(Role.ANALYST);
        assertThat(policy.allowed("PUT", "/api/segments/vip")).containsExactlyInAnyOrder(Role.ANALYST, Role.ADMIN);
        assertThat(policy.allowed("PUT", "/api/rules/7")).containsExactly(Role.ADMIN);
        assertThat(policy.allowed("GET", "/api/not-an-endpoint")).as("unlisted: admins only").containsExactly(Role.ADMIN);
    }

    private ConsoleClient loggedIn(Role role) throws Exception {
        String name = switch (role) {
            case EXECUTIVE -> "exec";
            case ANALYST -> "analyst";
            case FRONTLINE -> "frontline";
            case ADMIN -> "demo-admin";
        };
        ConsoleClient client = new ConsoleClient(port);
        HttpResponse<String> login = client.login(name, name + "-percept-demo");
        assertThat(login.statusCode()).as("login of " + name).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/console");
        HttpResponse<String> session = client.get("/api/session");
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body()).contains("\"username\":\"" + name + "\"", "\"roles\":[\"" + role.name() + "\"]", "X-CSRF-TOKEN");
        return client;
    }
}
