package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.access.AccessAudit;
import io.percept.access.LoginThrottle;
import io.percept.access.Role;
import io.percept.access.Username;
import io.percept.access.Users;
import io.percept.platform.EmbeddedStore;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Login, sessions, CSRF, the admin token, the users API and the bootstrap admin, over real HTTP
 * against a fresh store.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleLoginTests {

    private static final String TOKEN = "console-login-token-01";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, TOKEN, "");
        registry.add("percept.prediction.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedStore store;

    @Autowired
    AccessAudit audit;

    @Autowired
    Users users;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return new ConsoleClient(port).send(method, path, json, Map.of("Authorization", "Bearer " + TOKEN));
    }

    private HttpResponse<String> plain(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFirstStartCreatesAdminWithAGeneratedPasswordKeptPrivate() throws Exception {
        Path file = store.dataDir().resolve("admin-password");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(10);

        ConsoleClient client = new ConsoleClient(port);
        HttpResponse<String> login = client.login("ADMIN", password);
        assertThat(login.statusCode()).as("usernames are case-insensitive").isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/console"));
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie).startsWith("PERCEPT_SESSION=")
                .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(client.get("/api/session").body()).contains("\"username\":\"admin\"", "\"pii\":true", "\"headerName\":\"X-CSRF-TOKEN\"");
    }

    @Test
    void wrongPasswordsShowAnErrorInTheBrowsersLanguage() throws Exception {
        ConsoleClient client = new ConsoleClient(port);
        HttpResponse<String> refused = client.login("admin", "not-the-password");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).contains("/login?error"));
        assertThat(client.get("/api/session").statusCode()).isEqualTo(401);

        assertThat(plain("/login?error", "Accept-Language", "zh-CN,zh;q=0.9").body()).contains("用户名或密码错误", "lang=\"zh-CN\"");
        assertThat(plain("/login?error", "Accept-Language", "en-US").body()).contains("Wrong username or password");
        assertThat(plain("/login?lang=zh").body()).contains("登录 Percept 控制台");
        assertThat(plain("/login?lang=en", "Accept-Language", "zh-CN").body()).contains("Sign in to the Percept console");
        assertThat(audit.recent(null, 100)).anySatisfy(entry -> assertThat(entry.action()).isEqualTo("login.failed"));
    }

    @Test
    void fiveWrongPasswordsHoldTheNameBackEvenWithTheRightOne() throws Exception {
        users.create(new Users.NewUser(new Username("guessed"), "Guessed", "the-right-password", java.util.Set.of(Role.ANALYST), false, false), "test");
        ConsoleClient client = new ConsoleClient(port);
        for (int i = 0; i < LoginThrottle.USER_FAILURES; i++) {
            assertThat(client.login("guessed", "wrong-" + i).headers().firstValue("Location").orElseThrow()).contains("/login?error");
        }
        HttpResponse<String> held = client.login("guessed", "the-right-password");
        assertThat(held.headers().firstValue("Location").orElseThrow()).contains("/login?locked=1");
        assertThat(client.get("/api/session").statusCode()).as("not signed in").isEqualTo(401);
        assertThat(plain("/login?locked=1&lang=en").body()).contains("Too many failed sign-ins: try again in 1 min.");
        assertThat(plain("/login?locked=1&lang=zh").body()).contains("登录失败次数过多，请 1 分钟后再试。");
        assertThat(audit.recent("guessed", 20)).anySatisfy(entry -> assertThat(entry.detail()).startsWith("Throttled"));
        users.create(new Users.NewUser(new Username("not-guessed"), "Other", "another-password", java.util.Set.of(Role.ANALYST), false, false), "test");
        assertThat(new ConsoleClient(port).login("not-guessed", "another-password").headers().firstValue("Location").orElseThrow())
                .as("other names still sign in").doesNotContain("/login");
    }

    @Test
    void consolePagesNeedALoginAndCarrySecurityHeaders() throws Exception {
        HttpResponse<String> console = plain("/console/overview");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        HttpResponse<String> login = plain("/login");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(plain("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(plain("/").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiAnswers401WithoutCredentialsAndTakesTheAdminToken() throws Exception {
        HttpResponse<String> anonymous = plain("/api/session");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_request"));
        assertThat(plain("/api/session", "Authorization", "Bearer wrong-token-000000").headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
        HttpResponse<String> token = admin("GET", "/api/session", null);
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.body()).contains("\"username\":\"admin-token\"", "\"roles\":[\"ADMIN\"]").doesNotContain("csrf");
        assertThat(token.headers().allValues("Set-Cookie")).as("the token opens no session").isEmpty();
    }

    @Test
    void sessionRequestsNeedTheCsrfTokenAndLogoutEndsTheSession() throws Exception {
        admin("POST", "/api/users", """
                {"username":"csrf-user","password":"csrf-user-password","roles":["analyst"]}""");
        ConsoleClient client = new ConsoleClient(port);
        assertThat(client.login("csrf-user", "csrf-user-password").headers().firstValue("Location").orElse("")).endsWith("/console");
        String segment = """
                {"expression":"orders >= 1"}""";
        assertThat(client.send("POST", "/api/segments/preview", segment, Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(client.send("POST", "/api/segments/preview", segment, Map.of("X-CSRF-TOKEN", "forged")).statusCode()).isEqualTo(403);
        assertThat(client.send("POST", "/api/segments/preview", segment).statusCode()).isNotIn(401, 403);

        assertThat(client.send("POST", "/logout", null).statusCode()).isEqualTo(302);
        assertThat(client.get("/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void adminsManageUsersWithoutEverSeeingHashes() throws Exception {
        HttpResponse<String> weak = admin("POST", "/api/users", """
                {"username":"ann","password":"short","roles":["frontline"]}""");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("at least 10 characters");
        HttpResponse<String> created = admin("POST", "/api/users", """
                {"username":"Ann","displayName":"Ann Li","password":"ann-password-1","roles":["frontline"],"pii":false}""");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"username\":\"ann\"", "\"roles\":[\"FRONTLINE\"]").doesNotContain("password", "bcrypt");
        assertThat(admin("POST", "/api/users", """
                {"username":"ANN","password":"ann-password-2","roles":["analyst"]}""").body()).contains("taken");
        assertThat(admin("GET", "/api/users", null).body()).contains("\"ann\"").doesNotContain("bcrypt", "$2a$");

        ConsoleClient ann = new ConsoleClient(port);
        ann.login("ann", "ann-password-1");
        assertThat(ann.get("/api/users").statusCode()).as("frontline is not admin").isEqualTo(403);
        assertThat(ann.send("POST", "/api/session/password", """
                {"currentPassword":"wrong-password","newPassword":"ann-password-3"}""").statusCode()).isEqualTo(400);
        assertThat(ann.send("POST", "/api/session/password", """
                {"currentPassword":"ann-password-1","newPassword":"ann-password-3"}""").statusCode()).isEqualTo(204);
        assertThat(new ConsoleClient(port).login("ann", "ann-password-3").headers().firstValue("Location").orElse("")).endsWith("/console");

        assertThat(admin("PUT", "/api/users/ann", """
                {"roles":["executive","analyst"],"disabled":true}""").body()).contains("\"EXECUTIVE\",\"ANALYST\"", "\"disabled\":true");
        assertThat(new ConsoleClient(port).login("ann", "ann-password-3").headers().firstValue("Location").orElse(""))
                .as("a disabled user cannot log in").contains("error");
        assertThat(admin("POST", "/api/users/ann/password", """
                {"password":"ann-password-4"}""").statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/api/users/admin", null).statusCode()).as("the last admin stays").isEqualTo(409);
        assertThat(admin("DELETE", "/api/users/ann", null).statusCode()).isEqualTo(204);
        assertThat(admin("GET", "/api/users/ann", null).statusCode()).isEqualTo(404);

        audit.piiViewed("ann", 42, List.of("phone", "email"));
        String trail = admin("GET", "/api/users/audit?user=ann", null).body();
        assertThat(trail).contains("user.created", "login", "user.password-changed", "user.updated", "user.password-reset", "user.deleted",
                "pii.viewed", "profile:42", "phone,email");
    }

    @Test
    void theOpenApiDocumentListsTheApiWithoutALogin() throws Exception {
        HttpResponse<String> docs = plain("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"/api/users\"", "\"/api/session\"", "\"/api/profiles/{id}\"", "\"/api/voc/topics\"",
                "\"/api/segments\"", "\"/api/rules\"", "\"/api/predictions/clv\"", "\"/api/sources\"");
        assertThat(plain("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }
}
