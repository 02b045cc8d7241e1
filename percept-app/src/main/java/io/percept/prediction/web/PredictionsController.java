package io.percept.prediction.web;

import io.percept.prediction.Predictions;
import io.percept.prediction.SegmentComparisons;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The behaviour models' results for the console: runs (start one, follow it), CLV, propensities,
 * clusters, recommendations, bundles, shopping patterns, forecasts and anomalies of the newest
 * successful run; a profile's scores; and the comparison of two groups.
 */
@RestController
@RequestMapping("/api/predictions")
class PredictionsController {

    private final Predictions predictions;
    private final SegmentComparisons comparisons;
    private final ScheduledExecutorService executor;

    PredictionsController(Predictions predictions, SegmentComparisons comparisons, ScheduledExecutorService predictionRuns) {
        this.predictions = predictions;
        this.comparisons = comparisons;
        this.executor = predictionRuns;
    }

    @GetMapping("/runs")
    List<Predictions.Run> runs(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be 1 to 500");
        }
        return predictions.runs(limit);
    }

    /** Starts a run: 202 with its id, or 409 while one is in progress. */
    @PostMapping("/runs")
    ResponseEntity<Map<String, Object>> start() {
        return predictions.start(executor)
                .map(id -> ResponseEntity.accepted().body(Map.<String, Object>of("run", id, "status", "/api/predictions/status")))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "a run is in progress",
                        "run", predictions.status().map(Predictions.Run::id).orElse(0L))));
    }

    /** The run in progress (with its step), else the newest. */
    @GetMapping("/status")
    ResponseEntity<Predictions.Run> status() {
        return ResponseEntity.of(predictions.status());
    }

    @GetMapping("/clv")
    ResponseEntity<Map<String, Object>> clv() {
        return single("clv");
    }

    @GetMapping("/propensity")
    Map<String, Map<String, Object>> propensity() {
        return predictions.documents("propensity");
    }

    @GetMapping("/clusters")
    ResponseEntity<Map<String, Object>> clusters() {
        return single("clusters");
    }

    @GetMapping("/recommendations")
    ResponseEntity<Map<String, Object>> recommendations() {
        return single("recommendations");
    }

    /** Everyone's and each cluster's shopping pattern; with {@code segment}, a saved segment's against everyone else's. */
    @GetMapping("/patterns")
    ResponseEntity<Map<String, Object>> patterns(@RequestParam(required = false) String segment) {
        if (segment == null) {
            return single("patterns");
        }
        Map<String, Object> document = predictions.documents("patterns").get("segment:" + segment);
        return document == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(document);
    }

    /** Bundle rules and frequent sets; with {@code product}, only the rules whose antecedent holds it. */
    @GetMapping("/bundles")
    ResponseEntity<Map<String, Object>> bundles(@RequestParam(required = false) String product) {
        ResponseEntity<Map<String, Object>> all = single("bundles");
        if (product == null || !all.hasBody()) {
            return all;
        }
        Map<String, Object> body = new LinkedHashMap<>(all.getBody());
        List<Object> rules = new ArrayList<>();
        if (body.get("rules") instanceof List<?> list) {
            for (Object rule : list) {
                if (rule instanceof Map<?, ?> map && map.get("antecedent") instanceof List<?> antecedent && antecedent.contains(product)) {
                    rules.add(rule);
                }
            }
        }
        body.put("rules", rules);
        body.remove("bundles");
        body.put("product", product);
        return ResponseEntity.ok(body);
    }

    /**
     * Without {@code series}: every forecast series with its model and backtest (no values). With
     * it ({@code total}, {@code category:手机}, {@code region:华东}, {@code channel:app},
     * {@code product:P-1}) and {@code metric} (orders, default; revenue for total): the whole forecast.
     */
    @GetMapping("/forecasts")
    ResponseEntity<Object> forecasts(@RequestParam(required = false) String series, @RequestParam(defaultValue = "orders") String metric) {
        Map<String, Map<String, Object>> all = predictions.documents("forecast");
        if (series != null) {
            Map<String, Object> one = all.get(series + "|" + metric);
            if (one == null) {
                throw new IllegalArgumentException("no forecast for series '" + series + "' and metric '" + metric + "' (series: "
                        + String.join(", ", all.keySet()) + ")");
            }
            return ResponseEntity.ok(one);
        }
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Map<String, Object> document : all.values()) {
            Map<String, Object> summary = new LinkedHashMap<>(document);
            summary.remove("history");
            summary.remove("mean");
            summary.remove("lower");
            summary.remove("upper");
            summaries.add(summary);
        }
        return ResponseEntity.ok(summaries);
    }

    /** Every series scanned for anomalies with the anomalous days found; {@code onlyFound} drops series without any. */
    @GetMapping("/anomalies")
    List<Map<String, Object>> anomalies(@RequestParam(defaultValue = "true") boolean onlyFound) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> document : predictions.documents("anomalies").values()) {
            if (!onlyFound || document.get("anomalies") instanceof List<?> list && !list.isEmpty()) {
                found.add(document);
            }
        }
        return found;
    }

    /** A profile's scores from the newest run; 404 when it was not scored. */
    @GetMapping("/profiles/{id}")
    ResponseEntity<Map<String, Object>> profile(@PathVariable long id) {
        Map<String, Object> scores = predictions.scoresOf(id);
        return scores.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(scores);
    }

    /** Compares two groups: saved segment names, inline definitions, or cluster:N. */
    @GetMapping("/compare")
    Map<String, Object> compare(@RequestParam String a, @RequestParam String b) {
        return comparisons.compare(a, b);
    }

    private ResponseEntity<Map<String, Object>> single(String kind) {
        Map<String, Object> document = predictions.documents(kind).get("");
        return document == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(document);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }
}
