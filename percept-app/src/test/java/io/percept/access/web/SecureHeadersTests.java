package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The security headers over real HTTP: Permissions-Policy everywhere, the Content-Security-Policy on
 * the console and the login page only, Strict-Transport-Security and the {@code Secure} session
 * cookie only with secure cookies on (that is, behind HTTPS).
 */
class SecureHeadersTests {

    private static final String TOKEN = "secure-headers-token-001";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class OverPlainHttp {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            TestServers.register(registry, TOKEN, "");
            registry.add("percept.prediction.enabled", () -> "false");
            registry.add("percept.access.demo-users", () -> "true");
        }

        @LocalServerPort
        int port;

        @Test
        void everyAnswerHasThePermissionsPolicyAndConsolePagesTheirContentSecurityPolicy() throws Exception {
            for (String path : List.of("/", "/login", "/api/session", "/actuator/health", "/v3/api-docs")) {
                HttpResponse<String> answer = get(port, path);
                assertThat(answer.headers().firstValue("Permissions-Policy")).as(path).hasValue(SecurityConfiguration.PERMISSIONS_POLICY);
                assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
                assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("%s over plain HTTP", path).isEmpty();
            }
            String csp = get(port, "/login").headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'",
                    "base-uri 'self'");
            ConsoleClient analyst = ConsoleClient.signedIn(port, "analyst", "analyst-percept-demo");
            for (String page : List.of("/console", "/console/segments", "/console/customers", "/console/rules")) {
                HttpResponse<String> answer = analyst.get(page);
                assertThat(answer.statusCode()).as(page).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Security-Policy")).as(page).hasValue(SecurityConfiguration.CONSOLE_CSP);
            }
            assertThat(get(port, "/api/session").headers().firstValue("Content-Security-Policy")).as("JSON needs none").isEmpty();
            assertThat(get(port, "/swagger-ui/index.html").headers().firstValue("Content-Security-Policy"))
                    .as("Swagger UI runs inline scripts of its own").isEmpty();
            HttpResponse<String> login = new ConsoleClient(port).login("analyst", "analyst-percept-demo");
            assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("PERCEPT_SESSION=")
                    .contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure"));
        }
    }

    @Nested
    @SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class BehindHttps {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            TestServers.register(registry, TOKEN, "");
            registry.add("percept.prediction.enabled", () -> "false");
            registry.add("percept.access.demo-users", () -> "true");
            registry.add("percept.access.secure-cookies", () -> "true");
        }

        @LocalServerPort
        int port;

        @Test
        void secureCookiesBringStrictTransportSecurity() throws Exception {
            for (String path : List.of("/", "/login", "/api/session", "/v1/track")) {
                assertThat(get(port, path).headers().firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
            }
            HttpResponse<String> login = new ConsoleClient(port).login("analyst", "analyst-percept-demo");
            assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("PERCEPT_SESSION=")
                    .contains("HttpOnly", "SameSite=Lax", "Secure"));
        }
    }
}
