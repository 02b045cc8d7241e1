package io.percept.rules.web;

import io.percept.rules.RuleDocuments;
import io.percept.rules.RuleOperations;
import io.percept.rules.Rules;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

/**
 * Rules: documents in JSON or YAML (the body as text), validated with the path of any problem;
 * versions, enabling, dry runs over the log, statistics, alerts and the webhook deliveries.
 */
@RestController
@RequestMapping("/api/rules")
class RulesController {

    private final Rules rules;
    private final RuleOperations operations;

    RulesController(Rules rules, RuleOperations operations) {
        this.rules = rules;
        this.operations = operations;
    }

    @GetMapping
    List<Rules.StoredRule> list() {
        return rules.list();
    }

    /** Creates or replaces the rule the document names ({@code id}). */
    @PostMapping
    Rules.StoredRule create(@RequestBody String body) {
        return rules.save(RuleDocuments.parse(body, "the request"));
    }

    /** Validates a document without saving it: 200 with the canonical document, or 400 with the problem. */
    @PostMapping("/validate")
    Map<String, Object> validate(@RequestBody String body) {
        return rules.canonical(RuleDocuments.parse(body, "the request"));
    }

    @PutMapping("/{id}")
    Rules.StoredRule update(@PathVariable String id, @RequestBody String body) {
        Map<String, Object> document = RuleDocuments.parse(body, "the request");
        Object named = document.putIfAbsent("id", id);
        if (named != null && !id.equals(named)) {
            throw new IllegalArgumentException("$.id: the document names rule '" + named + "' but the path names '" + id + "'");
        }
        return rules.save(document);
    }

    @GetMapping("/{id}")
    ResponseEntity<Rules.StoredRule> get(@PathVariable String id) {
        return ResponseEntity.of(rules.get(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        return rules.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @PostMapping("/{id}/enable")
    ResponseEntity<Rules.StoredRule> enable(@PathVariable String id) {
        return ResponseEntity.of(rules.setEnabled(id, true));
    }

    @PostMapping("/{id}/disable")
    ResponseEntity<Rules.StoredRule> disable(@PathVariable String id) {
        return ResponseEntity.of(rules.setEnabled(id, false));
    }

    @GetMapping("/{id}/versions")
    List<Rules.Version> versions(@PathVariable String id) {
        return rules.versions(id);
    }

    /** How often the stored rule (or, with a body, the document sent) would have fired over the last {@code days} days, without acting. */
    @PostMapping("/{id}/dry-run")
    ResponseEntity<Map<String, Object>> dryRun(@PathVariable String id, @RequestParam(defaultValue = "7") int days,
            @RequestParam(defaultValue = "20") int sample, @RequestBody(required = false) String body) {
        if (sample < 0 || sample > 1000) {
            throw new IllegalArgumentException("sample must be 0 to 1000, was " + sample);
        }
        if (body != null && !body.isBlank()) {
            Map<String, Object> document = RuleDocuments.parse(body, "the request");
            document.putIfAbsent("id", id);
            return ResponseEntity.ok(operations.dryRun(rules.validate(document), days, sample));
        }
        return rules.get(id).map(stored -> ResponseEntity.ok(operations.dryRun(rules.validate(stored.document()), days, sample)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/{id}/stats")
    ResponseEntity<Map<String, Object>> stats(@PathVariable String id) {
        return rules.get(id).isPresent() ? ResponseEntity.ok(operations.stats(id)) : ResponseEntity.notFound().build();
    }

    /** Alerts raised by rules, newest first; {@code open=true} for those not acknowledged. */
    @GetMapping("/alerts")
    List<Map<String, Object>> alerts(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "false") boolean open) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
        return operations.alerts(limit, open);
    }

    @PostMapping("/alerts/{id}/acknowledge")
    ResponseEntity<Void> acknowledge(@PathVariable long id) {
        return operations.acknowledge(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    /** Webhook deliveries of a rule ({@code rule}) or all, by status ({@code pending}, {@code delivered}, {@code dead}). */
    @GetMapping("/deliveries")
    List<?> deliveries(@RequestParam(required = false) String rule, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
        return operations.deliveries(rule, status, limit);
    }

    /** Sends a dead delivery again (its attempts start over). */
    @PostMapping("/deliveries/{id}/replay")
    ResponseEntity<Void> replay(@PathVariable long id) {
        return operations.replay(id) ? ResponseEntity.accepted().build() : ResponseEntity.notFound().build();
    }

    /** Sends every dead delivery of a rule again. */
    @PostMapping("/{id}/deliveries/replay")
    Map<String, Object> replayDead(@PathVariable String id) {
        return Map.of("replayed", operations.replayDead(id));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
