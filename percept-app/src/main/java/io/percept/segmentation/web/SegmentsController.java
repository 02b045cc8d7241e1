package io.percept.segmentation.web;

import io.percept.segmentation.Segments;
import io.percept.segmentation.domain.Expression;
import java.util.LinkedHashMap;
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
 * Segments over the live profiles. A definition is text in the segment language ({@code definition})
 * or its JSON form ({@code json}); errors answer 400 with the column or JSON path of the problem.
 */
@RestController
@RequestMapping("/api/segments")
class SegmentsController {

    private final Segments segments;

    SegmentsController(Segments segments) {
        this.segments = segments;
    }

    /** A definition to preview or save. */
    record Definition(String definition, Object json, String description) {
    }

    /** The fields definitions may name, with their kinds. */
    @GetMapping("/fields")
    Map<String, String> fields() {
        return segments.fieldKinds();
    }

    /** Evaluates a definition without saving it: size, profiles evaluated, time, a sample of members, and both forms. */
    @PostMapping("/preview")
    Map<String, Object> preview(@RequestBody Definition request, @RequestParam(defaultValue = "20") int sample) {
        if (sample < 0 || sample > 1000) {
            throw new IllegalArgumentException("sample must be between 0 and 1000, was " + sample);
        }
        Expression expression = segments.parse(request.definition(), request.json());
        Segments.Evaluation evaluation = segments.evaluate(expression, sample);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("definition", expression.text());
        result.put("json", expression.json());
        result.put("evaluation", evaluation);
        return result;
    }

    @GetMapping
    List<Segments.Segment> list() {
        return segments.list();
    }

    @PutMapping("/{name}")
    Segments.Segment save(@PathVariable String name, @RequestBody Definition request) {
        return segments.save(name, request.definition(), request.json(), request.description());
    }

    @GetMapping("/{name}")
    ResponseEntity<Map<String, Object>> get(@PathVariable String name, @RequestParam(defaultValue = "50") int history) {
        if (history < 1 || history > 10_000) {
            throw new IllegalArgumentException("history must be between 1 and 10000, was " + history);
        }
        return segments.get(name).map(segment -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("segment", segment);
            result.put("sizes", segments.history(name, history));
            return ResponseEntity.ok(result);
        }).orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Evaluates a stored segment now, records its size, and answers a page of member ids. */
    @PostMapping("/{name}/evaluate")
    ResponseEntity<Segments.Evaluation> evaluate(@PathVariable String name, @RequestParam(defaultValue = "100") int sample) {
        if (sample < 0 || sample > 10_000) {
            throw new IllegalArgumentException("sample must be between 0 and 10000, was " + sample);
        }
        return segments.evaluate(name, sample).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        return segments.delete(name) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
