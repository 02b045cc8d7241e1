package io.percept.console.web;

import io.percept.console.Initiatives;
import io.percept.platform.JsonValues;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
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
import org.springframework.web.bind.annotation.RestController;

/** The initiatives page's data as JSON: the initiatives, one initiative's report, and defining, changing and deleting them. */
@RestController
@RequestMapping("/api/console/initiatives")
class InitiativeApiController {

    private final Initiatives initiatives;
    private final MessageSource messages;

    InitiativeApiController(Initiatives initiatives, MessageSource messages) {
        this.initiatives = initiatives;
        this.messages = messages;
    }

    /** The strategic initiatives, newest start first. */
    @GetMapping
    List<Initiatives.Initiative> list() {
        return initiatives.list();
    }

    /**
     * An initiative's report: KPIs before/after, target vs control, difference-in-differences with 95 % intervals, per region
     * and channel, pain points and the verdict in the request's language.
     */
    @GetMapping("/{id}")
    ResponseEntity<InitiativeViews.Explained> report(@PathVariable long id, Locale locale) {
        return initiatives.report(id, ConsoleLocales.language(locale))
                .map(report -> ResponseEntity.ok(InitiativeViews.explain(report, messages, locale)))
                .orElse(ResponseEntity.notFound().build());
    }

    /** Defines an initiative (name, kind, startsOn, endsOn, regions, controlRegions, segments, skus, categories, kpis). */
    @PostMapping
    ResponseEntity<Initiatives.Initiative> create(@RequestBody String body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(initiatives.create(Initiatives.definition(document(body))));
    }

    /** Replaces an initiative's definition. */
    @PutMapping("/{id}")
    ResponseEntity<Initiatives.Initiative> update(@PathVariable long id, @RequestBody String body) {
        return ResponseEntity.of(initiatives.update(id, Initiatives.definition(document(body))));
    }

    /** Deletes an initiative. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        return initiatives.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    private static Map<String, Object> document(String body) {
        try {
            return JsonValues.parseObject(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body must be a JSON object: " + JsonValues.describe(e));
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
