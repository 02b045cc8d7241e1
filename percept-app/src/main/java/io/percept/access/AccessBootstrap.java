package io.percept.access;

import io.percept.platform.Directories;
import io.percept.platform.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users that exist before anyone can create one: {@code admin} at the first start with no
 * users, and in the demo the {@link #DEMO_USERS} (created if missing).
 */
final class AccessBootstrap {

    static final String PASSWORD_FILE = "admin-password";
    static final Username ADMIN = new Username("admin");

    /** A demo user; its password is {@code <name>-percept-demo}. */
    record DemoUser(String name, String displayName, Set<Role> roles, boolean pii) {

        String password() {
            return name + "-percept-demo";
        }
    }

    static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("exec", "Executive (demo)", EnumSet.of(Role.EXECUTIVE), false),
            new DemoUser("analyst", "Analyst (demo)", EnumSet.of(Role.ANALYST), false),
            new DemoUser("frontline", "Frontline (demo)", EnumSet.of(Role.FRONTLINE), false),
            new DemoUser("demo-admin", "Admin (demo)", EnumSet.of(Role.ADMIN), true));

    private static final Logger log = LoggerFactory.getLogger("percept");

    private AccessBootstrap() {
    }

    static void run(Users users, AccessSettings settings, Path dataDir) {
        if (users.isEmpty()) {
            String configured = settings.adminPassword();
            String origin;
            String password;
            if (configured != null && !configured.isBlank()) {
                String problem = PasswordPolicy.problem(configured);
                if (problem != null) {
                    throw new IllegalArgumentException("PERCEPT_ADMIN_PASSWORD: " + problem);
                }
                password = configured;
                origin = "from PERCEPT_ADMIN_PASSWORD";
            } else {
                Path file = dataDir.resolve(PASSWORD_FILE);
                password = readOrCreate(file);
                origin = "its password is in " + file;
            }
            try {
                users.create(new Users.NewUser(ADMIN, "Administrator", password, EnumSet.of(Role.ADMIN), true, false), "bootstrap");
                log.info("Created the console user 'admin' ({})", origin);
            } catch (RuntimeException e) {
                // cluster mode: another instance starting at the same time created it first
                if (users.find(ADMIN).isEmpty()) {
                    throw e;
                }
            }
        }
        if (settings.demoUsers()) {
            for (DemoUser demo : DEMO_USERS) {
                Username name = new Username(demo.name());
                if (users.find(name).isEmpty()) {
                    users.create(new Users.NewUser(name, demo.displayName(), demo.password(), demo.roles(), demo.pii(), false), "demo");
                }
            }
            log.info("Demo users: exec, analyst, frontline, demo-admin; password <name>-percept-demo (docs/access.md)");
        }
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String password = Files.readString(file, StandardCharsets.UTF_8).strip();
                PasswordPolicy.check(password);
                return password;
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Directories.writePrivateFile(file, password);
            return password;
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("Cannot read or create the admin password file " + file + ": " + e.getMessage(), e);
        }
    }
}
