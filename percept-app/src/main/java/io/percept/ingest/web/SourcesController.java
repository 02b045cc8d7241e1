package io.percept.ingest.web;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.Source;
import io.percept.ingest.SourceCreation;
import io.percept.ingest.Sources;
import io.percept.ingest.WriteKey;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for sources: list, read and create (the admin-token filter guards {@code /api/**}). */
@RestController
@RequestMapping("/api/sources")
class SourcesController {

    private final Sources sources;

    SourcesController(Sources sources) {
        this.sources = sources;
    }

    /** A source as the API shows it. */
    record SourceView(String name, String channel, String writeKey, boolean enabled, Instant createdAt) {

        static SourceView of(Source source) {
            return new SourceView(source.name().value(), source.channel().wireName(), source.writeKey().value(),
                    source.enabled(), source.createdAt());
        }
    }

    /**
     * @param name     required
     * @param channel  required, one of the channels
     * @param writeKey optional; generated when absent
     */
    record NewSource(String name, String channel, String writeKey) {
    }

    @GetMapping
    List<SourceView> list() {
        return sources.list().stream().map(SourceView::of).toList();
    }

    @GetMapping("/{name}")
    ResponseEntity<SourceView> get(@PathVariable String name) {
        return sources.find(new SourceName(name)).map(SourceView::of).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping
    ResponseEntity<?> create(@RequestBody NewSource request) {
        if (request.name() == null || request.channel() == null) {
            return problem(HttpStatus.BAD_REQUEST, "name and channel are required");
        }
        SourceCreation outcome = sources.create(new SourceName(request.name()), Channel.parse(request.channel()),
                request.writeKey() == null ? null : new WriteKey(request.writeKey()));
        if (outcome instanceof SourceCreation.Created created) {
            return ResponseEntity.created(URI.create("/api/sources/" + created.source().name())).body(SourceView.of(created.source()));
        }
        return problem(HttpStatus.CONFLICT, ((SourceCreation.Refused) outcome).reason());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
