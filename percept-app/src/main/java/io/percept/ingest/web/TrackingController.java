package io.percept.ingest.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogOverloadedException;
import io.percept.eventlog.LogUnavailableException;
import io.percept.ingest.IngestResult;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import io.percept.ingest.Sources;
import io.percept.ingest.Webhooks;
import io.percept.ingest.connectors.RecordMapper;
import io.percept.ingest.connectors.WebhookSpec;
import io.percept.eventlog.SourceName;
import io.percept.platform.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Segment-compatible tracking API: {@code /v1/track|identify|page|screen|group|alias} for one
 * message, {@code /v1/batch} and {@code /v1/import} for up to 2,500 (each with and without a
 * trailing slash). A request is answered 200 only once its messages are durable in the log (or
 * known duplicates); a batch is accepted whole or rejected whole. Every refusal is JSON naming
 * what is wrong: see {@code docs/ingest.md}.
 */
@RestController
class TrackingController {

    private final Sources sources;
    private final Ingestion ingestion;
    private final TrackingRequests requests;
    private final Webhooks webhooks;
    private final Clock clock;
    private final RateLimiter limiter;
    /** The refusal code of a request beyond its source's rate limit; counted where the source is known, before the body is read. */
    private static final String RATE_LIMITED = "rate_limited";
    /** Requests being handled; one more than {@code max-concurrent-requests} is refused before its body is read. */
    private final Semaphore inProgress;
    private final int maxConcurrent;

    TrackingController(Sources sources, Ingestion ingestion, Webhooks webhooks, IngestSettings settings, Clock clock, MeterRegistry meters) {
        this.limiter = new RateLimiter(settings.rateLimit().requestsPerSecond(), settings.rateLimit().burst());
        this.sources = sources;
        this.ingestion = ingestion;
        this.webhooks = webhooks;
        this.requests = new TrackingRequests(settings.limits());
        this.clock = clock;
        this.maxConcurrent = settings.limits().maxConcurrentRequests();
        this.inProgress = new Semaphore(maxConcurrent);
        Gauge.builder("percept.ingest.requests.in.progress", inProgress, permits -> maxConcurrent - permits.availablePermits())
                .description("Tracking and webhook requests being handled (at most percept.ingest.limits.max-concurrent-requests)").register(meters);
    }

    @PostMapping({"/v1/batch", "/v1/batch/", "/v1/import", "/v1/import/"})
    ResponseEntity<Map<String, Object>> batch(HttpServletRequest request) {
        return handle(request, null);
    }

    @PostMapping({"/v1/track", "/v1/track/"})
    ResponseEntity<Map<String, Object>> track(HttpServletRequest request) {
        return handle(request, EventType.TRACK);
    }

    @PostMapping({"/v1/identify", "/v1/identify/"})
    ResponseEntity<Map<String, Object>> identify(HttpServletRequest request) {
        return handle(request, EventType.IDENTIFY);
    }

    @PostMapping({"/v1/page", "/v1/page/"})
    ResponseEntity<Map<String, Object>> page(HttpServletRequest request) {
        return handle(request, EventType.PAGE);
    }

    @PostMapping({"/v1/screen", "/v1/screen/"})
    ResponseEntity<Map<String, Object>> screen(HttpServletRequest request) {
        return handle(request, EventType.SCREEN);
    }

    @PostMapping({"/v1/group", "/v1/group/"})
    ResponseEntity<Map<String, Object>> group(HttpServletRequest request) {
        return handle(request, EventType.GROUP);
    }

    @PostMapping({"/v1/alias", "/v1/alias/"})
    ResponseEntity<Map<String, Object>> alias(HttpServletRequest request) {
        return handle(request, EventType.ALIAS);
    }

    /** {@code type} is the endpoint's call type, or {@code null} for a batch. */
    private ResponseEntity<Map<String, Object>> handle(HttpServletRequest request, EventType type) {
        Source[] source = new Source[1];
        return respond(() -> source[0], () -> {
            String headerKey = TrackingRequests.basicAuthUser(request.getHeader("Authorization"));
            if (headerKey != null) {
                source[0] = source(headerKey);
            }
            TrackingRequests.checkContentType(request.getContentType());
            byte[] body = requests.body(request);
            TrackingRequests.Parsed parsed = type == null ? requests.batch(body) : requests.single(body, type);
            if (source[0] == null) {
                source[0] = source(parsed.writeKey());
            }
            IngestResult result = ingestion.ingest(source[0], parsed.messages(), parsed.sentAt()).join();
            if (result instanceof IngestResult.Rejected rejected) {
                String where = type == null ? "batch[" + rejected.index() + "]." : "";
                throw new TrackingException(400, "invalid_event", where + rejected.field() + ": " + rejected.reason())
                        .with("index", rejected.index()).with("field", rejected.field());
            }
            return accepted((IngestResult.Accepted) result);
        });
    }

    /**
     * A webhook delivery: any JSON, mapped to events by the source's webhook document. The sender
     * proves itself with the signature the document asks for or, without one, with the source's
     * write key (HTTP Basic user or {@code ?writeKey=}). Accepted or rejected whole, like a batch.
     */
    @PostMapping({"/v1/webhooks/{name}", "/v1/webhooks/{name}/"})
    ResponseEntity<Map<String, Object>> webhook(@PathVariable String name, @RequestParam(required = false) String writeKey,
            HttpServletRequest request) {
        Source[] source = new Source[1];
        return respond(() -> source[0], () -> {
            WebhookSpec spec = null;
            if (SourceName.isValid(name)) {
                source[0] = sources.find(new SourceName(name)).orElse(null);
                spec = source[0] == null ? null : webhooks.find(source[0].name()).orElse(null);
            }
            if (spec == null) {
                Source unknown = source[0];
                source[0] = null;
                throw new TrackingException(404, "no_webhook", unknown == null ? "there is no source named '" + name + "'"
                        : "source '" + name + "' has no webhook mapping; give it one with PUT /api/sources/" + name + "/webhook");
            }
            if (!source[0].enabled()) {
                throw new TrackingException(403, "source_disabled", "the source '" + name + "' is disabled");
            }
            TrackingRequests.checkContentType(request.getContentType());
            String key = TrackingRequests.basicAuthUser(request.getHeader("Authorization"));
            byte[] body = requests.body(request);
            authenticateDelivery(source[0], spec, body, request.getHeader(spec.signature() == null ? "Authorization"
                    : spec.signature().header()), key != null ? key : writeKey);
            limit(source[0]);
            Object document = TrackingRequests.anyJson(body);
            Instant now = clock.instant();
            RecordMapper.Result mapped = spec.mapper().map(source[0].name().value(), document, Map.of(), now, false);
            if (mapped instanceof RecordMapper.Result.Rejected rejected) {
                ingestion.refuseMessages(source[0], "invalid_event", 1);
                throw new TrackingException(400, "invalid_event", "record " + rejected.index() + ": " + rejected.field() + ": "
                        + rejected.reason()).with("index", rejected.index()).with("field", rejected.field());
            }
            RecordMapper.Result.Mapped records = (RecordMapper.Result.Mapped) mapped;
            IngestResult result = ingestion.ingest(source[0], records.messages(), null).join();
            if (result instanceof IngestResult.Rejected rejected) {
                throw new TrackingException(400, "invalid_event", "record " + rejected.index() + ": " + rejected.field() + ": "
                        + rejected.reason()).with("index", rejected.index()).with("field", rejected.field());
            }
            ResponseEntity<Map<String, Object>> response = accepted((IngestResult.Accepted) result);
            response.getBody().put("skipped", records.records() - records.messages().size());
            return response;
        });
    }

    private static void authenticateDelivery(Source source, WebhookSpec spec, byte[] body, String signature, String writeKey) {
        if (spec.signature() != null) {
            if (signature == null || signature.isBlank()) {
                throw new TrackingException(401, "missing_signature", "send the body's HMAC in header " + spec.signature().header());
            }
            if (!spec.signature().verifies(body, signature)) {
                throw new TrackingException(401, "invalid_signature", "the " + spec.signature().header() + " header does not match the body");
            }
            return;
        }
        if (writeKey == null || writeKey.isBlank()) {
            throw new TrackingException(401, "missing_write_key", "send the source's write key as HTTP Basic user or as ?writeKey=");
        }
        if (!MessageDigest.isEqual(writeKey.getBytes(StandardCharsets.UTF_8), source.writeKey().value().getBytes(StandardCharsets.UTF_8))) {
            throw new TrackingException(401, "invalid_write_key", "the write key is not the source's");
        }
    }

    private interface Work {
        ResponseEntity<Map<String, Object>> run() throws IOException;
    }

    /**
     * Runs {@code work} if fewer than {@code max-concurrent-requests} requests are in progress (otherwise answers 503
     * {@code overloaded} at once), turning refusals into their JSON answers and counting them for the source, once known.
     */
    private ResponseEntity<Map<String, Object>> respond(java.util.function.Supplier<Source> source, Work work) {
        if (!inProgress.tryAcquire()) {
            return ResponseEntity.status(503).header("Retry-After", "1").body(new TrackingException(503, "overloaded",
                    "the server is handling " + maxConcurrent + " tracking requests already (max-concurrent-requests); retry shortly").body());
        }
        try {
            return work.run();
        } catch (TrackingException refused) {
            Source known = source.get();
            if (known != null && refused.status() != 401 && !refused.code().equals("invalid_event") && !refused.code().equals(RATE_LIMITED)) {
                ingestion.refuse(known, refused.code());
            }
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(refused.status());
            if (refused.body().get("retryAfter") instanceof Long seconds) {
                answer.header("Retry-After", Long.toString(seconds));
            }
            return answer.body(refused.body());
        } catch (CompletionException failed) {
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            if (cause instanceof LogOverloadedException) {
                return ResponseEntity.status(503).header("Retry-After", "1")
                        .body(new TrackingException(503, "overloaded", cause.getMessage()).body());
            }
            if (cause instanceof LogUnavailableException) {
                return ResponseEntity.status(503).header("Retry-After", "5")
                        .body(new TrackingException(503, "unavailable", "the events were not stored: " + cause.getMessage()).body());
            }
            throw failed;
        } catch (IOException unreadable) {
            Source known = source.get();
            if (known != null) {
                ingestion.refuse(known, "unreadable_body");
            }
            return ResponseEntity.status(400).body(new TrackingException(400, "unreadable_body",
                    "the request body could not be read: " + unreadable.getMessage()).body());
        } finally {
            inProgress.release();
        }
    }

    private static ResponseEntity<Map<String, Object>> accepted(IngestResult.Accepted accepted) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("accepted", accepted.accepted());
        body.put("duplicates", accepted.duplicates());
        return ResponseEntity.ok(body);
    }

    private Source source(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            throw new TrackingException(401, "missing_write_key", "send the write key as HTTP Basic user (empty password) or as writeKey in the body");
        }
        Source source = sources.withWriteKey(writeKey).orElseThrow(() ->
                new TrackingException(401, "invalid_write_key", "the write key is not valid"));
        if (!source.enabled()) {
            throw new TrackingException(403, "source_disabled", "the source '" + source.name() + "' is disabled");
        }
        limit(source);
        return source;
    }

    /** Takes a request from the source's token bucket, or refuses it with 429 and when to retry. */
    private void limit(Source source) {
        long retryAfter = limiter.acquire(source.name().value());
        if (retryAfter > 0) {
            ingestion.refuse(source, RATE_LIMITED);
            throw new TrackingException(429, RATE_LIMITED, "the source '" + source.name() + "' sends more than its rate limit of "
                    + limiter.describe() + "; retry after " + retryAfter + " s").with("retryAfter", retryAfter);
        }
    }
}
