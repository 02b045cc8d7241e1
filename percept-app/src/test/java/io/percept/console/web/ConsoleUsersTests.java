package io.percept.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.ConsoleClient;
import io.percept.testing.TestServers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The users page as the demo's admin: a user created, changed, given a new password and deleted through
 * the page's forms (each change visible in {@code /api/users} and the audit), bad input and the last
 * admin refused with the reason on the page, and the page kept from other roles.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleUsersTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, "console-users-token-1", "");
        registry.add("percept.prediction.enabled", () -> "false");
        registry.add("percept.access.demo-users", () -> "true");
    }

    @LocalServerPort
    int port;

    private ConsoleClient login(String user, String password) throws Exception {
        return ConsoleClient.signedIn(port, user, password);
    }

    private ConsoleClient admin() throws Exception {
        return login("demo-admin", "demo-admin-percept-demo");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> user(ConsoleClient client, String name) throws Exception {
        HttpResponse<String> response = client.get("/api/users/" + name);
        return response.statusCode() == 404 ? null : JsonValues.parseObject(response.body());
    }

    @Test
    void anAdminCreatesChangesResetsAndDeletesAUserThroughThePage() throws Exception {
        ConsoleClient admin = admin();
        HttpResponse<String> created = admin.postForm("/console/users", "username", "li.na", "displayName", "李娜", "password", "first-password-1",
                "roles", "FRONTLINE", "roles", "ANALYST", "pii", "true");
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/console/users");
        HttpResponse<String> page = admin.get("/console/users?lang=zh-CN");
        assertThat(page.body()).contains("已创建用户 li.na。", "data-user=\"li.na\"", "李娜", "一线", "分析师");
        assertThat(user(admin, "li.na")).containsEntry("displayName", "李娜").containsEntry("pii", true)
                .containsEntry("roles", List.of("ANALYST", "FRONTLINE"));

        assertThat(admin.postForm("/console/users/li.na", "displayName", "Li Na", "roles", "EXECUTIVE").statusCode()).isEqualTo(302);
        assertThat(user(admin, "li.na")).containsEntry("displayName", "Li Na").containsEntry("pii", false).containsEntry("disabled", false)
                .containsEntry("roles", List.of("EXECUTIVE"));
        assertThat(admin.get("/console/users?lang=en").body()).contains("User li.na saved.");
        assertThat(admin.postForm("/console/users/li.na/password", "password", "second-password-2").statusCode()).isEqualTo(302);
        assertThat(login("li.na", "second-password-2").get("/console?lang=en").body()).contains("Executive overview");

        String english = admin.get("/console/users?lang=en").body();
        assertThat(english).contains("The password of li.na was reset.", "user.password-reset", "user.updated", "user.created");
        assertThat(admin.postForm("/console/users/li.na/delete").statusCode()).isEqualTo(302);
        assertThat(user(admin, "li.na")).isNull();
        assertThat(admin.get("/console/users?lang=en").body()).contains("User li.na deleted.").doesNotContain("data-user=\"li.na\"");
    }

    @Test
    void badInputAndTheLastAdminAreRefusedWithTheReason() throws Exception {
        ConsoleClient admin = admin();
        HttpResponse<String> weak = admin.postForm("/console/users?lang=en", "username", "short.pw", "password", "short", "roles", "ANALYST");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("id=\"users-problem\"", "at least 10 characters", "Console users");
        HttpResponse<String> noRole = admin.postForm("/console/users", "username", "no.role", "password", "long-enough-password");
        assertThat(noRole.statusCode()).isEqualTo(400);
        assertThat(noRole.body()).contains("at least one role");
        assertThat(user(admin, "no.role")).isNull();
        assertThat(admin.postForm("/console/users/nobody-here", "roles", "ANALYST").statusCode()).isEqualTo(400);

        // the bootstrap admin and demo-admin are the enabled admins: disabling both leaves none, the second is refused
        admin.postForm("/console/users/admin", "roles", "ADMIN", "disabled", "true");
        HttpResponse<String> last = admin.postForm("/console/users/demo-admin", "roles", "EXECUTIVE");
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(last.body()).contains("last enabled admin");
        admin.postForm("/console/users/admin", "roles", "ADMIN", "disabled", "false");
    }

    @Test
    void onlyAdminsSeeThePage() throws Exception {
        for (String role : List.of("exec", "analyst", "frontline")) {
            ConsoleClient client = login(role, role + "-percept-demo");
            assertThat(client.get("/console/users").statusCode()).as(role).isEqualTo(403);
            assertThat(client.postForm("/console/users", "username", "sneaky", "password", "long-enough-password", "roles", "ADMIN").statusCode())
                    .as(role).isEqualTo(403);
        }
        assertThat(user(admin(), "sneaky")).isNull();
    }
}
