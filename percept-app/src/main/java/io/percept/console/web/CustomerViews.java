package io.percept.console.web;

import io.percept.access.AccessAudit;
import io.percept.access.Role;
import io.percept.access.User;
import io.percept.access.Username;
import io.percept.access.Users;
import io.percept.console.CustomerDesk;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The customer pages' and API's one way to the {@link CustomerDesk}: whether the caller may see
 * unmasked PII (the {@code pii} permission, or an admin, or the admin token) and one
 * {@link AccessAudit#piiViewed} entry per profile or search hit shown unmasked.
 */
@Component
class CustomerViews {

    private final CustomerDesk desk;
    private final Users users;
    private final AccessAudit audit;

    CustomerViews(CustomerDesk desk, Users users, AccessAudit audit) {
        this.desk = desk;
        this.users = users;
        this.audit = audit;
    }

    /** Whether the caller may see unmasked PII. */
    boolean seesPii(HttpServletRequest request, Principal principal) {
        if (principal == null) {
            return false;
        }
        if (request.isUserInRole(Role.ADMIN.name())) {
            return true;
        }
        try {
            return users.find(new Username(principal.getName())).map(User::seesPii).orElse(false);
        } catch (IllegalArgumentException notAUser) {
            return false;
        }
    }

    CustomerDesk.Found search(String query, HttpServletRequest request, Principal principal) {
        boolean pii = seesPii(request, principal);
        CustomerDesk.Found found = desk.search(query, pii);
        if (!found.piiShown().isEmpty()) {
            for (CustomerDesk.Match match : found.matches()) {
                audit.piiViewed(principal.getName(), match.id(), found.piiShown());
            }
        }
        return found;
    }

    Optional<CustomerDesk.Customer> customer(String key, String language, HttpServletRequest request, Principal principal) {
        Optional<CustomerDesk.Customer> customer = desk.customer(key, seesPii(request, principal), language);
        customer.filter(shown -> !shown.piiShown().isEmpty()).ifPresent(shown -> audit.piiViewed(principal.getName(), shown.id(), shown.piiShown()));
        return customer;
    }

    /** The timeline of the customer a key names (profile id or user id). */
    Optional<CustomerDesk.Timeline> timeline(String key, Long before, List<String> kinds) {
        if (before != null && before < 1) {
            throw new IllegalArgumentException("before must be a positive event number, was " + before);
        }
        Set<String> chosen = kinds == null ? Set.of() : kinds.stream().filter(kind -> !kind.isBlank()).map(String::strip).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
        return desk.resolve(key).flatMap(view -> desk.timeline(view.id(), before, chosen));
    }
}
