package io.percept.console.web;

import io.percept.console.CustomerDesk;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The customer 360 pages' data as JSON, masked as the pages mask it and audited the same way. */
@RestController
@RequestMapping("/api/console/customers")
class CustomersApiController {

    private final CustomerViews customers;

    CustomersApiController(CustomerViews customers) {
        this.customers = customers;
    }

    /** Find customers by phone, email, name, profile id or identifier (PII masked without the pii permission). */
    @GetMapping
    CustomerDesk.Found search(@RequestParam(required = false) String q, HttpServletRequest request, Principal principal) {
        return customers.search(q, request, principal);
    }

    /** One customer: identifiers, consent, traits, purchases, predictions, voice, complaints and the next best action. */
    @GetMapping("/{id}")
    ResponseEntity<CustomerDesk.Customer> customer(@PathVariable String id, Locale locale, HttpServletRequest request, Principal principal) {
        return ResponseEntity.of(customers.customer(id, ConsoleLocales.language(locale), request, principal));
    }

    /**
     * A page of the customer's cross-channel timeline, newest first; pass the previous page's next as before, and kind (repeatable:
     * order, refund, visit, review, ticket, telemetry, note, survey, social, profile, other) for some kinds only.
     */
    @GetMapping("/{id}/timeline")
    ResponseEntity<CustomerDesk.Timeline> timeline(@PathVariable String id, @RequestParam(required = false) Long before,
            @RequestParam(required = false) List<String> kind) {
        return ResponseEntity.of(customers.timeline(id, before, kind));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
