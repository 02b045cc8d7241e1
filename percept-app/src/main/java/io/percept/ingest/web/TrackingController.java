package io.percept.ingest.web;

import io.percept.eventlog.EventType;
import io.percept.eventlog.LogOverloadedException;
import io.percept.eventlog.LogUnavailableException;
import io.percept.ingest.IngestResult;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import io.percept.ingest.Sources;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
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

    TrackingController(Sources sources, Ingestion ingestion, IngestSettings settings) {
        this.sources = sources;
        this.ingestion = ingestion;
        this.requests = new TrackingRequests(settings.limits());
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
        Source source = null;
        try {
            String headerKey = TrackingRequests.basicAuthUser(request.getHeader("Authorization"));
            if (headerKey != null) {
                source = source(headerKey);
            }
            TrackingRequests.checkContentType(request.getContentType());
            byte[] body = requests.body(request);
            TrackingRequests.Parsed parsed = type == null ? requests.batch(body) : requests.single(body, type);
            if (source == null) {
                source = source(parsed.writeKey());
            }
            IngestResult result = ingestion.ingest(source, parsed.messages(), parsed.sentAt()).join();
            if (result instanceof IngestResult.Rejected rejected) {
                String where = type == null ? "batch[" + rejected.index() + "]." : "";
                throw new TrackingException(400, "invalid_event", where + rejected.field() + ": " + rejected.reason())
                        .with("index", rejected.index()).with("field", rejected.field());
            }
            IngestResult.Accepted accepted = (IngestResult.Accepted) result;
            Map<String, Object> body200 = new LinkedHashMap<>();
            body200.put("success", true);
            body200.put("accepted", accepted.accepted());
            body200.put("duplicates", accepted.duplicates());
            return ResponseEntity.ok(body200);
        } catch (TrackingException refused) {
            if (source != null && refused.status() != 401 && !refused.code().equals("invalid_event")) {
                ingestion.refuse(source, refused.code());
            }
            return ResponseEntity.status(refused.status()).body(refused.body());
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
            if (source != null) {
                ingestion.refuse(source, "unreadable_body");
            }
            return ResponseEntity.status(400).body(new TrackingException(400, "unreadable_body",
                    "the request body could not be read: " + unreadable.getMessage()).body());
        }
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
        return source;
    }
}
