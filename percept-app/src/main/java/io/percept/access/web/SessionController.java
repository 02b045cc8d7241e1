package io.percept.access.web;

import io.percept.access.Role;
import io.percept.access.User;
import io.percept.access.Username;
import io.percept.access.Users;
import io.percept.platform.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/session}: who is calling, with the CSRF token pages send back, and changing one's own password. */
@RestController
@RequestMapping("/api/session")
class SessionController {

    /**
     * The caller. {@code csrf} is absent for admin-token requests, which need none.
     *
     * @param pii whether the caller may see unmasked PII
     */
    record Session(String username, String displayName, Set<Role> roles, boolean pii, Csrf csrf) {
    }

    /** Send {@code token} in header {@code headerName} (or form field {@code parameterName}) with every POST, PUT, PATCH, DELETE. */
    record Csrf(String headerName, String parameterName, String token) {
    }

    record PasswordChange(String currentPassword, String newPassword) {

        @Override
        public String toString() {
            return "PasswordChange[currentPassword=" + Secrets.redacted(currentPassword) + ", newPassword=" + Secrets.redacted(newPassword) + "]";
        }
    }

    private final Users users;

    SessionController(Users users) {
        this.users = users;
    }

    @GetMapping
    ResponseEntity<Session> session(Authentication authentication, HttpServletRequest request) {
        if (AdminTokenAuthenticationFilter.PRINCIPAL.equals(authentication.getName()) && AdminTokenAuthenticationFilter.hasBearer(request)) {
            return ResponseEntity.ok(new Session(AdminTokenAuthenticationFilter.PRINCIPAL, "Admin token", EnumSet.of(Role.ADMIN), true, null));
        }
        Optional<User> user = users.find(new Username(authentication.getName()));
        if (user.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        User found = user.get();
        return ResponseEntity.ok(new Session(found.username().value(), found.displayName(), found.roles(), found.seesPii(),
                csrf == null ? null : new Csrf(csrf.getHeaderName(), csrf.getParameterName(), csrf.getToken())));
    }

    /** 204 when changed; 400 when the new password breaks the policy or the current one is wrong. */
    @PostMapping("/password")
    ResponseEntity<ProblemDetail> changePassword(Authentication authentication, @RequestBody PasswordChange change) {
        if (AdminTokenAuthenticationFilter.PRINCIPAL.equals(authentication.getName())) {
            return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "The admin token has no password; set PERCEPT_ADMIN_TOKEN to change it."));
        }
        if (!users.changeOwnPassword(new Username(authentication.getName()), change.currentPassword(), change.newPassword())) {
            return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The current password is wrong."));
        }
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
