package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.access.AccessSettings;
import io.percept.access.Role;
import io.percept.access.User;
import io.percept.access.Username;
import io.percept.access.Users;
import io.percept.access.persistence.UserRecords;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.connectors.WebhookSpec;
import io.percept.platform.ClusterDatabaseSettings;
import io.percept.platform.PlatformSettings;
import io.percept.rules.Delivery;
import io.percept.rules.RulesSettings;
import io.percept.rules.domain.Action;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every record that holds a secret prints it as {@code ***}, so no log line or error message that shows the record shows the secret. */
class RedactedSecretsTests {

    private static final String SECRET = "S3cret-Value-0123456789";

    @Test
    void recordsWithSecretsNeverPrintThem() {
        User user = new User(new Username("carol"), "Carol", EnumSet.of(Role.ANALYST), false, false, Instant.EPOCH, Instant.EPOCH, null);
        List<Object> holders = List.of(
                new AccessSettings(SECRET, true, false, AccessSettings.RateLimit.off()),
                new Users.NewUser(new Username("carol"), "Carol", SECRET, EnumSet.of(Role.ANALYST), false, false),
                new UserRecords.Stored(user, "{bcrypt}" + SECRET),
                new UsersController.NewUserRequest("carol", null, SECRET, List.of("analyst"), null, null),
                new UsersController.PasswordReset(SECRET),
                new SessionController.PasswordChange(SECRET, SECRET + "-new"),
                new PlatformSettings(Path.of("data"), SECRET, null, new PlatformSettings.Encryption(SECRET, List.of("email")), null),
                new ClusterDatabaseSettings("jdbc:postgresql://db/percept", "percept", SECRET, 10, Map.of()),
                new IngestSettings.Mqtt("tcp://broker:1883", "percept", "percept", SECRET, "iot", 1, false, Duration.ofSeconds(30),
                        List.of(new IngestSettings.Subscription("devices/{id}", "iot", null))),
                new RulesSettings.Inbox(true, 10, SECRET, Map.of("crm", SECRET + "-crm")),
                new Delivery("rule", "key-1", URI.create("https://hooks.example.com/x"), SECRET, "{}", null, 0),
                new Action.Webhook(URI.create("https://hooks.example.com/x"), SECRET, Duration.ofSeconds(5), 3, 1),
                new Action.Alert(Action.Severity.HIGH, "title", null, URI.create("https://hooks.example.com/x"), SECRET),
                WebhookSpec.parse("signature: {secret: \"" + SECRET + "\", header: X-Signature}\ntype: track\nevent: Pushed\nuser_id: $.user\n"));
        for (Object holder : holders) {
            assertThat(holder.toString()).as(holder.getClass().getName()).doesNotContain(SECRET).doesNotContain("3cret");
        }
        assertThat(new AccessSettings(SECRET, true, false, AccessSettings.RateLimit.off()).toString()).contains("adminPassword=***");
    }
}
