package io.percept.insight.web;

import io.percept.insight.EventCounts;
import io.percept.insight.EventVolumes;
import io.percept.insight.InsightSettings;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Event volumes for dashboards. */
@RestController
@RequestMapping("/api/insight")
class InsightController {

    private final EventCounts counts;
    private final InsightSettings settings;

    InsightController(EventCounts counts, InsightSettings settings) {
        this.counts = counts;
        this.settings = settings;
    }

    /** Volumes from {@code from} to {@code to} (ISO dates, inclusive); by default the last 30 days. */
    @GetMapping("/event-volumes")
    EventVolumes volumes(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to != null ? to : LocalDate.now(settings.zone());
        LocalDate start = from != null ? from : end.minusDays(29);
        return counts.volumes(start, end);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
