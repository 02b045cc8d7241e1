package io.percept.ingest.web;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventJson;
import io.percept.eventlog.EventStore;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
import io.percept.ingest.IngestCounters;
import io.percept.ingest.Source;
import io.percept.ingest.SourceCreation;
import io.percept.ingest.SourceStats;
import io.percept.ingest.Sources;
import io.percept.ingest.Webhooks;
import io.percept.ingest.WriteKey;
import io.percept.ingest.connectors.WebhookSpec;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import io.percept.platform.JsonValues;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API for sources (the admin-token filter guards {@code /api/**}): list, read, create,
 * enable/disable, rotate the write key, per-source stats, a debugger showing the newest events
 * as stored, and the source's webhook mapping.
 */
@RestController
@RequestMapping("/api/sources")
class SourcesController {

    static final int MAX_DEBUG_EVENTS = 1000;
    /** A secret in a YAML or JSON document, to hide it when the document is shown. */
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("(\"?secret\"?\\s*:\\s*)[^,}\\n]+");

    private final Sources sources;
    private final IngestCounters counters;
    private final EventStore eventLog;
    private final Webhooks webhooks;

    SourcesController(Sources sources, IngestCounters counters, EventStore eventLog, Webhooks webhooks) {
        this.sources = sources;
        this.counters = counters;
        this.eventLog = eventLog;
        this.webhooks = webhooks;
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

    /** @param enabled whether the source's key is accepted */
    record SourceChange(Boolean enabled) {
    }

    /** @param writeKey the new key; generated when absent */
    record KeyRotation(String writeKey) {
    }

    @GetMapping
    List<SourceView> list() {
        return sources.list().stream().map(SourceView::of).toList();
    }

    @GetMapping("/{name}")
    ResponseEntity<?> get(@PathVariable String name) {
        return found(name, sources.find(new SourceName(name)), SourceView::of);
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

    @PatchMapping("/{name}")
    ResponseEntity<?> change(@PathVariable String name, @RequestBody SourceChange change) {
        if (change.enabled() == null) {
            return problem(HttpStatus.BAD_REQUEST, "send {\"enabled\": true|false}");
        }
        return found(name, sources.setEnabled(new SourceName(name), change.enabled()), SourceView::of);
    }

    @PostMapping("/{name}/rotate-key")
    ResponseEntity<?> rotate(@PathVariable String name, @RequestBody(required = false) KeyRotation rotation) {
        WriteKey key = rotation == null || rotation.writeKey() == null ? null : new WriteKey(rotation.writeKey());
        return found(name, sources.rotateKey(new SourceName(name), key), SourceView::of);
    }

    @GetMapping("/{name}/stats")
    ResponseEntity<?> stats(@PathVariable String name) {
        SourceName source = new SourceName(name);
        return found(name, sources.find(source).map(s -> counters.stats(source)), Function.<SourceStats>identity());
    }

    /** The newest accepted events of the source as stored, newest first (like Segment's debugger). */
    @GetMapping("/{name}/events")
    ResponseEntity<?> events(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_DEBUG_EVENTS) {
            return problem(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_DEBUG_EVENTS);
        }
        SourceName source = new SourceName(name);
        return found(name, sources.find(source).map(s -> eventLog.newest(source, limit)), this::stored);
    }

    /**
     * Gives the source a webhook at {@code /v1/webhooks/<name>}, or replaces it: the body is the
     * webhook document, YAML or JSON (see {@code docs/ingest.md}, "Webhooks").
     */
    @PutMapping(path = "/{name}/webhook", consumes = MediaType.ALL_VALUE)
    ResponseEntity<?> putWebhook(@PathVariable String name, @RequestBody String document) {
        SourceName source = new SourceName(name);
        if (sources.find(source).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "there is no source named '" + name + "'");
        }
        return ResponseEntity.ok(webhookView(source, webhooks.configure(source, document)));
    }

    @GetMapping("/{name}/webhook")
    ResponseEntity<?> getWebhook(@PathVariable String name) {
        SourceName source = new SourceName(name);
        return webhooks.find(source).<ResponseEntity<?>>map(spec -> ResponseEntity.ok(webhookView(source, spec)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "source '" + name + "' has no webhook"));
    }

    @DeleteMapping("/{name}/webhook")
    ResponseEntity<?> deleteWebhook(@PathVariable String name) {
        return webhooks.remove(new SourceName(name)) ? ResponseEntity.noContent().build()
                : problem(HttpStatus.NOT_FOUND, "source '" + name + "' has no webhook");
    }

    private static Map<String, Object> webhookView(SourceName source, WebhookSpec spec) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", source.value());
        view.put("url", "/v1/webhooks/" + source.value());
        view.put("authentication", spec.signature() == null ? "write key (HTTP Basic user or ?writeKey=)"
                : spec.signature().algorithm() + " signature in header " + spec.signature().header());
        view.put("document", SECRET.matcher(spec.document()).replaceAll("$1\"********\""));
        return view;
    }

    private List<Map<String, Object>> stored(List<LoggedEvent> events) {
        return events.stream().map(logged -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("seq", logged.seq());
            view.put("event", JsonValues.parseObject(EventJson.write(logged.event())));
            return view;
        }).toList();
    }

    private static <T, R> ResponseEntity<?> found(String name, Optional<T> value, Function<T, R> view) {
        return value.<ResponseEntity<?>>map(found -> ResponseEntity.ok(view.apply(found)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "there is no source named '" + name + "'"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
