package io.percept.access;

import io.percept.access.persistence.UserRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console's users: create, change, disable, delete, set passwords (hashed by a
 * {@link PasswordEncoder}, bcrypt by default), each change audited with who made it. Hashes never
 * leave this class. Invalid input throws {@link IllegalArgumentException} with a message for the
 * user; a change that would leave no enabled admin throws {@link IllegalStateException}.
 */
public class Users {

    /** What a new user is. */
    public record NewUser(Username username, String displayName, String password, Set<Role> roles, boolean pii, boolean disabled) {

        @Override
        public String toString() {
            return "NewUser[username=" + username + ", roles=" + roles + ", pii=" + pii + ", disabled=" + disabled + ", password=***]";
        }
    }

    /** What an administrator may change of a user; {@code null} fields stay as they are. */
    public record Changes(String displayName, Set<Role> roles, Boolean pii, Boolean disabled) {
    }

    private final UserRecords records;
    private final PasswordEncoder encoder;
    private final AccessAudit audit;
    private final Clock clock;

    Users(UserRecords records, PasswordEncoder encoder, AccessAudit audit, Clock clock) {
        this.records = records;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
    }

    public List<User> all() {
        return records.all().stream().map(UserRecords.Stored::user).toList();
    }

    public Optional<User> find(Username username) {
        return records.find(username).map(UserRecords.Stored::user);
    }

    public boolean isEmpty() {
        return records.count() == 0;
    }

    /** @throws IllegalArgumentException if the name is taken or the password breaks the {@link PasswordPolicy} */
    public synchronized User create(NewUser user, String actor) {
        PasswordPolicy.check(user.password());
        if (records.find(user.username()).isPresent()) {
            throw new IllegalArgumentException("The username '" + user.username() + "' is taken");
        }
        Instant now = clock.instant();
        User created = new User(user.username(), user.displayName(), user.roles(), user.pii(), user.disabled(), now, now, null);
        records.insert(created, encoder.encode(user.password()));
        audit.record(actor, "user.created", created.username().value(), "roles=" + created.roles() + " pii=" + created.pii());
        return created;
    }

    /** The changed user, or empty if there is none of that name. */
    public synchronized Optional<User> update(Username username, Changes changes, String actor) {
        Optional<User> found = find(username);
        if (found.isEmpty()) {
            return found;
        }
        User old = found.get();
        User changed = new User(old.username(), changes.displayName() != null ? changes.displayName() : old.displayName(),
                changes.roles() != null ? changes.roles() : old.roles(), changes.pii() != null ? changes.pii() : old.pii(),
                changes.disabled() != null ? changes.disabled() : old.disabled(), old.createdAt(), clock.instant(), old.lastLoginAt());
        if (isEnabledAdmin(old) && !isEnabledAdmin(changed)) {
            requireAnotherAdmin(username);
        }
        records.update(changed);
        audit.record(actor, "user.updated", username.value(), "roles=" + changed.roles() + " pii=" + changed.pii() + " disabled=" + changed.disabled());
        return Optional.of(changed);
    }

    /** Whether there was such a user. */
    public synchronized boolean delete(Username username, String actor) {
        Optional<User> found = find(username);
        if (found.isEmpty()) {
            return false;
        }
        if (isEnabledAdmin(found.get())) {
            requireAnotherAdmin(username);
        }
        records.delete(username);
        audit.record(actor, "user.deleted", username.value(), null);
        return true;
    }

    /** An administrator sets {@code username}'s password; whether there is such a user. */
    public synchronized boolean resetPassword(Username username, String password, String actor) {
        PasswordPolicy.check(password);
        if (records.find(username).isEmpty()) {
            return false;
        }
        records.updatePassword(username, encoder.encode(password), clock.instant());
        audit.record(actor, "user.password-reset", username.value(), null);
        return true;
    }

    /** A user changes their own password; false if {@code current} is not their password. */
    public synchronized boolean changeOwnPassword(Username username, String current, String password) {
        PasswordPolicy.check(password);
        Optional<UserRecords.Stored> found = records.find(username);
        if (found.isEmpty() || current == null || !encoder.matches(current, found.get().passwordHash())) {
            audit.record(username.value(), "user.password-change-refused", username.value(), "wrong current password");
            return false;
        }
        records.updatePassword(username, encoder.encode(password), clock.instant());
        audit.record(username.value(), "user.password-changed", username.value(), null);
        return true;
    }

    /** Notes a successful login: last-login time and the audit. */
    public void loggedIn(Username username, String remoteAddress) {
        find(username).ifPresent(user -> records.update(new User(user.username(), user.displayName(), user.roles(), user.pii(), user.disabled(),
                user.createdAt(), user.updatedAt(), clock.instant())));
        audit.record(username.value(), "login", null, "from " + remoteAddress);
    }

    /** The actor of a failed login whose name is no user's: people type their password into the name field. */
    public static final String UNKNOWN_USER = "(unknown user)";

    /**
     * Notes a refused login. The name as typed is kept only when it is a user's: a name that is
     * nobody's may well be a password typed into the wrong field, so it is recorded as
     * {@value #UNKNOWN_USER} with its length only.
     */
    public void loginFailed(String typed, String reason, String remoteAddress) {
        String actor = UNKNOWN_USER;
        String detail = reason + " from " + remoteAddress;
        Optional<User> user = Optional.empty();
        try {
            user = typed == null ? Optional.empty() : find(new Username(typed));
        } catch (IllegalArgumentException notAName) {
            // not even a well-formed name
        }
        if (user.isPresent()) {
            actor = user.get().username().value();
        } else {
            detail += " (a name of " + (typed == null ? 0 : typed.length()) + " characters)";
        }
        audit.record(actor, "login.failed", null, detail);
    }

    /** The stored hash, for the authentication of this module's login only. */
    Optional<UserRecords.Stored> credentials(Username username) {
        return records.find(username);
    }

    private static boolean isEnabledAdmin(User user) {
        return user.roles().contains(Role.ADMIN) && !user.disabled();
    }

    private void requireAnotherAdmin(Username username) {
        boolean another = all().stream().anyMatch(user -> isEnabledAdmin(user) && !user.username().equals(username));
        if (!another) {
            throw new IllegalStateException("'" + username + "' is the last enabled admin; make another user admin first");
        }
    }
}
