package io.percept.access.web;

import io.percept.access.AccessAudit;
import io.percept.access.Role;
import io.percept.access.User;
import io.percept.access.Username;
import io.percept.access.Users;
import io.percept.platform.Secrets;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/users}: user administration (admins only, see {@link AccessPolicy}) and the access audit. Never returns password hashes. */
@RestController
@RequestMapping("/api/users")
class UsersController {

    /** A new user; {@code roles} by name in any case (executive, analyst, frontline, admin); {@code pii} and {@code disabled} default to false. */
    record NewUserRequest(String username, String displayName, String password, List<String> roles, Boolean pii, Boolean disabled) {

        @Override
        public String toString() {
            return "NewUserRequest[username=" + username + ", roles=" + roles + ", password=" + Secrets.redacted(password) + "]";
        }
    }

    /** Changes; absent fields stay as they are. */
    record UserChanges(String displayName, List<String> roles, Boolean pii, Boolean disabled) {
    }

    record PasswordReset(String password) {

        @Override
        public String toString() {
            return "PasswordReset[password=" + Secrets.redacted(password) + "]";
        }
    }

    /** A user as this API shows it. */
    record UserView(String username, String displayName, Set<Role> roles, boolean pii, boolean disabled, Instant createdAt, Instant updatedAt,
            Instant lastLoginAt) {

        static UserView of(User user) {
            return new UserView(user.username().value(), user.displayName(), user.roles(), user.seesPii(), user.disabled(), user.createdAt(),
                    user.updatedAt(), user.lastLoginAt());
        }
    }

    private final Users users;
    private final AccessAudit audit;

    UsersController(Users users, AccessAudit audit) {
        this.users = users;
        this.audit = audit;
    }

    @GetMapping
    List<UserView> all() {
        return users.all().stream().map(UserView::of).toList();
    }

    @PostMapping
    ResponseEntity<UserView> create(@RequestBody NewUserRequest request, Authentication actor) {
        User created = users.create(new Users.NewUser(new Username(request.username()), request.displayName(), request.password(),
                Role.parseAll(request.roles()), Boolean.TRUE.equals(request.pii()), Boolean.TRUE.equals(request.disabled())), actor.getName());
        return ResponseEntity.created(URI.create("/api/users/" + created.username())).body(UserView.of(created));
    }

    @GetMapping("/{username}")
    ResponseEntity<UserView> get(@PathVariable String username) {
        return ResponseEntity.of(users.find(new Username(username)).map(UserView::of));
    }

    @PutMapping("/{username}")
    ResponseEntity<UserView> update(@PathVariable String username, @RequestBody UserChanges changes, Authentication actor) {
        return ResponseEntity.of(users.update(new Username(username), new Users.Changes(changes.displayName(),
                changes.roles() == null ? null : Role.parseAll(changes.roles()), changes.pii(), changes.disabled()), actor.getName()).map(UserView::of));
    }

    @DeleteMapping("/{username}")
    ResponseEntity<Void> delete(@PathVariable String username, Authentication actor) {
        return users.delete(new Username(username), actor.getName()) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @PostMapping("/{username}/password")
    ResponseEntity<Void> resetPassword(@PathVariable String username, @RequestBody PasswordReset reset, Authentication actor) {
        return users.resetPassword(new Username(username), reset.password(), actor.getName()) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    /**
     * Logins, failed logins, user changes, API changes, PII views and exports, newest first;
     * {@code user} narrows to one user as actor or target, {@code action} to one action (or with a
     * trailing '.' to a family: {@code api.}).
     */
    @GetMapping("/audit")
    List<AccessAudit.Entry> audit(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "100") int limit) {
        String actor = user == null ? null : AdminTokenAuthenticationFilter.PRINCIPAL.equals(user) ? user : new Username(user).value();
        return audit.recent(actor, action == null || action.isBlank() ? null : action.strip(), limit);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }
}
