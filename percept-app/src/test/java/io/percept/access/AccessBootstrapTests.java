package io.percept.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.access.persistence.UserRecords;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** The bootstrap admin and the demo users on a real embedded store; usernames and the password policy. */
class AccessBootstrapTests {

    @TempDir
    Path dir;

    private EmbeddedStore store;
    private Users users;
    private UserRecords records;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        records = new UserRecords(JdbcClient.create(store.dataSource()));
        users = new Users(records, PasswordEncoderFactories.createDelegatingPasswordEncoder(), new AccessAudit(records, Clock.systemUTC()),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aConfiguredPasswordMakesTheAdminAndNoFile() {
        AccessBootstrap.run(users, new AccessSettings("configured-admin-pw", false, false, AccessSettings.RateLimit.off()), dir);
        assertThat(users.all()).singleElement().satisfies(admin -> {
            assertThat(admin.username().value()).isEqualTo("admin");
            assertThat(admin.roles()).containsExactly(Role.ADMIN);
            assertThat(admin.seesPii()).isTrue();
        });
        assertThat(dir.resolve(AccessBootstrap.PASSWORD_FILE)).doesNotExist();
        assertThat(records.find(new Username("admin")).orElseThrow().passwordHash()).startsWith("{bcrypt}").doesNotContain("configured");
        assertThat(users.changeOwnPassword(new Username("admin"), "configured-admin-pw", "a-new-admin-pw")).isTrue();
    }

    @Test
    void aTooShortConfiguredPasswordStopsTheStartWithTheReason() {
        assertThatThrownBy(() -> AccessBootstrap.run(users, new AccessSettings("short", false, false, AccessSettings.RateLimit.off()), dir))
                .hasMessageContaining("PERCEPT_ADMIN_PASSWORD").hasMessageContaining("at least 10 characters");
    }

    @Test
    void demoUsersAreCreatedOnceOnePerRole() {
        AccessSettings demo = new AccessSettings("", false, true, AccessSettings.RateLimit.off());
        AccessBootstrap.run(users, demo, dir);
        AccessBootstrap.run(users, demo, dir);
        assertThat(users.all()).extracting(user -> user.username().value())
                .containsExactly("admin", "analyst", "demo-admin", "exec", "frontline");
        assertThat(users.find(new Username("frontline")).orElseThrow().roles()).containsExactly(Role.FRONTLINE);
        assertThat(users.find(new Username("frontline")).orElseThrow().seesPii()).isFalse();
    }

    @Test
    void usernamesAreCaseInsensitiveAndValidated() {
        assertThat(new Username("  Ann.Li@Shop ").value()).isEqualTo("ann.li@shop");
        assertThatThrownBy(() -> new Username("ann li")).hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> new Username("audit")).hasMessageContaining("reserved");
        users.create(new Users.NewUser(new Username("Ann"), null, "ann-password-1", EnumSet.of(Role.ANALYST), false, false), "test");
        assertThatThrownBy(() -> users.create(new Users.NewUser(new Username("ANN"), null, "ann-password-1", EnumSet.of(Role.ANALYST), false,
                false), "test")).hasMessageContaining("taken");
    }

    @Test
    void thePasswordPolicyExplainsItself() {
        assertThat(PasswordPolicy.problem("123456789")).isEqualTo("The password must be at least 10 characters long (it has 9)");
        assertThat(PasswordPolicy.problem("  ")).isEqualTo("A password is required");
        assertThat(PasswordPolicy.problem("x".repeat(73))).contains("at most 72");
        assertThat(PasswordPolicy.problem("ten chars!")).isNull();
    }
}
