package io.percept.console.web;

import io.percept.console.CustomerDesk;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The customer 360 pages: search, one customer's profile, and its timeline's next page for htmx. */
@Controller
@ConsolePage
@RequestMapping("/console/customers")
class CustomersController {

    private final CustomerViews customers;

    CustomersController(CustomerViews customers) {
        this.customers = customers;
    }

    /** The search box and, with {@code q}, its results; a single exact hit opens the profile. */
    @GetMapping
    String search(@RequestParam(required = false) String q, HttpServletRequest request, Principal principal, Model model) {
        model.addAttribute("page", "customers");
        model.addAttribute("q", q == null ? "" : q.strip());
        if (q != null && !q.isBlank()) {
            CustomerDesk.Found found = customers.search(q, request, principal);
            if (found.exact() && found.matches().size() == 1) {
                return "redirect:/console/customers/" + found.matches().get(0).id();
            }
            model.addAttribute("found", found);
        }
        model.addAttribute("pii", customers.seesPii(request, principal));
        return "console/customers";
    }

    /** One customer, by profile id or user id. */
    @GetMapping("/{id}")
    String customer(@PathVariable String id, @RequestParam(required = false) List<String> kind, Locale locale, HttpServletRequest request,
            HttpServletResponse response, Principal principal, Model model) {
        model.addAttribute("page", "customers");
        Optional<CustomerDesk.Customer> customer = customers.customer(id, ConsoleLocales.language(locale), request, principal);
        if (customer.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("q", id);
            model.addAttribute("missing", id);
            model.addAttribute("pii", customers.seesPii(request, principal));
            return "console/customers";
        }
        model.addAttribute("customer", customer.get());
        model.addAttribute("pii", customers.seesPii(request, principal));
        model.addAttribute("timeline", customers.timeline(String.valueOf(customer.get().id()), null, kind).orElse(null));
        model.addAttribute("kinds", CustomerDesk.KINDS);
        model.addAttribute("chosenKinds", kind == null ? List.of() : kind);
        return "console/customer";
    }

    /** The timeline's next page: the fragment for htmx, else the profile page. */
    @GetMapping("/{id}/timeline")
    String timeline(@PathVariable String id, @RequestParam(required = false) Long before, @RequestParam(required = false) List<String> kind,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response, Model model) {
        if (htmx == null) {
            return "redirect:/console/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
        Optional<CustomerDesk.Timeline> timeline = customers.timeline(id, before, kind);
        if (timeline.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("missing", id);
            return "console/customers :: gone";
        }
        model.addAttribute("timeline", timeline.get());
        model.addAttribute("chosenKinds", kind == null ? List.of() : kind);
        return "console/customer :: entries";
    }
}
