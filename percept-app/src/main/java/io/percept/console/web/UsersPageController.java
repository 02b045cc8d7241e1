package io.percept.console.web;

import io.percept.access.AccessAudit;
import io.percept.access.Role;
import io.percept.access.User;
import io.percept.access.Username;
import io.percept.access.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The users page (admins; {@link ConsolePages#ROLES}): the console's users with roles, PII permission
 * and state, creating one, changing roles or disabling, resetting a password, deleting, and the access
 * audit. Plain forms (CSRF token added by Thymeleaf); a refused change shows the page again with the
 * reason. The JSON behind it is {@code /api/users} and {@code /api/users/audit}.
 */
@Controller
@ConsolePage
@RequestMapping("/console/users")
class UsersPageController {

    static final int AUDIT = 50;

    private final Users users;
    private final AccessAudit audit;

    UsersPageController(Users users, AccessAudit audit) {
        this.users = users;
        this.audit = audit;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("page", "users");
        model.addAttribute("users", users.all());
        model.addAttribute("roles", Role.values());
        model.addAttribute("audit", audit.recent(null, AUDIT));
        return "console/users";
    }

    @PostMapping
    String create(@RequestParam String username, @RequestParam(required = false) String displayName, @RequestParam String password,
            @RequestParam(required = false) List<String> roles, @RequestParam(defaultValue = "false") boolean pii, Principal actor,
            RedirectAttributes redirect) {
        users.create(new Users.NewUser(new Username(username), displayName, password, Role.parseAll(roles), pii, false), actor.getName());
        return done(redirect, "created", username);
    }

    @PostMapping("/{username}")
    String update(@PathVariable String username, @RequestParam(required = false) String displayName, @RequestParam(required = false) List<String> roles,
            @RequestParam(defaultValue = "false") boolean pii, @RequestParam(defaultValue = "false") boolean disabled, Principal actor,
            RedirectAttributes redirect) {
        User changed = users.update(new Username(username), new Users.Changes(displayName, Role.parseAll(roles), pii, disabled), actor.getName())
                .orElseThrow(() -> new IllegalArgumentException("There is no user '" + username + "'"));
        return done(redirect, "updated", changed.username().value());
    }

    @PostMapping("/{username}/password")
    String resetPassword(@PathVariable String username, @RequestParam String password, Principal actor, RedirectAttributes redirect) {
        if (!users.resetPassword(new Username(username), password, actor.getName())) {
            throw new IllegalArgumentException("There is no user '" + username + "'");
        }
        return done(redirect, "passwordReset", username);
    }

    @PostMapping("/{username}/delete")
    String delete(@PathVariable String username, Principal actor, RedirectAttributes redirect) {
        if (!users.delete(new Username(username), actor.getName())) {
            throw new IllegalArgumentException("There is no user '" + username + "'");
        }
        return done(redirect, "deleted", username);
    }

    /** A change the rules refuse (the last enabled admin): the page again with the reason, 409. */
    @ExceptionHandler(IllegalStateException.class)
    String conflict(IllegalStateException e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale, Principal user) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        return refused(e, model, locale, user, request);
    }

    /** Bad input (a weak password, a taken name, no role): the page again with the reason, 400. */
    @ExceptionHandler(IllegalArgumentException.class)
    String invalid(IllegalArgumentException e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale, Principal user) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return refused(e, model, locale, user, request);
    }

    private String refused(RuntimeException e, Model model, Locale locale, Principal user, HttpServletRequest request) {
        ConsoleLayout.fill(model, locale, user, request);
        model.addAttribute("problem", e.getMessage());
        return page(model);
    }

    private static String done(RedirectAttributes redirect, String what, String username) {
        redirect.addFlashAttribute("done", what);
        redirect.addFlashAttribute("doneUser", username);
        return "redirect:/console/users";
    }
}
