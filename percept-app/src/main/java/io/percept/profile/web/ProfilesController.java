package io.percept.profile.web;

import io.percept.eventlog.EventJson;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.JsonValues;
import io.percept.profile.ProfileView;
import io.percept.profile.Profiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The profile API (admin token): lookups by id and by identifier, timeline, search, identity
 * audit, split, erasure and export. See {@code docs/identity.md}.
 */
@RestController
@RequestMapping("/api/profiles")
@io.percept.platform.EmbeddedOnly
class ProfilesController {

    private final Profiles profiles;

    ProfilesController(Profiles profiles) {
        this.profiles = profiles;
    }

    /** A profile; a merged-away id answers with the profile it was merged into ({@code requestedId} set). */
    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable long id) {
        return found(profiles.get(id), "no profile " + id);
    }

    /** The profile holding an identifier, e.g. {@code /by-identifier/email/ann@example.com}. */
    @GetMapping("/by-identifier/{type}/{value:.+}")
    ResponseEntity<?> byIdentifier(@PathVariable String type, @PathVariable String value) {
        return found(profiles.byIdentifier(type, value), "no profile holds " + type + " '" + value + "'");
    }

    /** Profiles matching every {@code filter} ({@code field op value}), sorted and paged. */
    @GetMapping
    Profiles.SearchResult search(@RequestParam(required = false) List<String> filter, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        return profiles.search(filter, sort, limit, offset);
    }

    /** The profile's events, newest first; pass {@code before=<next>} for the following page. */
    @GetMapping("/{id}/events")
    ResponseEntity<?> events(@PathVariable long id, @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        Optional<Profiles.TimelinePage> page = profiles.events(id, before, limit);
        if (page.isEmpty()) {
            return notFound("no profile " + id);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", profiles.live(id).orElse(id));
        body.put("events", events(page.get().events()));
        body.put("next", page.get().next());
        return ResponseEntity.ok(body);
    }

    /** Merges, refusals, splits and recomputations of the profile and of every profile merged into it. */
    @GetMapping("/{id}/merges")
    ResponseEntity<?> merges(@PathVariable long id) {
        return found(profiles.audit(id).map(entries -> Map.of("profile", profiles.live(id).orElse(id), "entries", entries)),
                "no profile " + id);
    }

    /** A split request: {@code {"type": "anonymous_id", "value": "..."}}. */
    record SplitRequest(String type, String value) {
    }

    /** Detaches an identifier from the profile and rebuilds the profiles involved from the log. */
    @PostMapping("/{id}/split")
    ResponseEntity<?> split(@PathVariable long id, @RequestBody SplitRequest request) {
        if (request == null || request.type() == null || request.value() == null) {
            throw new IllegalArgumentException("send {\"type\": \"<identifier type>\", \"value\": \"<value>\"}");
        }
        Optional<Profiles.ControlResult> result = profiles.split(id, request.type(), request.value());
        return result.isEmpty() ? notFound("no profile " + id) : answer(result.get());
    }

    /** Erases the profile, its identifiers and its events everywhere (the log included). */
    @DeleteMapping("/{id}")
    ResponseEntity<?> erase(@PathVariable long id) {
        Optional<Profiles.ControlResult> result = profiles.erase(id);
        return result.isEmpty() ? notFound("no profile " + id) : answer(result.get());
    }

    /** Everything held about the person, as one JSON document. */
    @GetMapping("/{id}/export")
    ResponseEntity<?> export(@PathVariable long id) {
        Optional<Map<String, Object>> export = profiles.export(id);
        if (export.isEmpty()) {
            return notFound("no profile " + id);
        }
        Map<String, Object> body = new LinkedHashMap<>(export.get());
        @SuppressWarnings("unchecked")
        List<LoggedEvent> events = (List<LoggedEvent>) body.get("events");
        body.put("events", events(events));
        ProfileView profile = (ProfileView) body.get("profile");
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"profile-" + profile.id() + ".json\"")
                .body(body);
    }

    /** Events as an export shows them: each with its seq and the event as the tracking API takes it. */
    static List<Map<String, Object>> events(List<LoggedEvent> events) {
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (LoggedEvent logged : events) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seq", logged.seq());
            row.put("event", JsonValues.parseObject(EventJson.write(logged.event())));
            rows.add(row);
        }
        return rows;
    }

    private static ResponseEntity<?> answer(Profiles.ControlResult result) {
        if (result.pending()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(result);
        }
        if (!result.applied()) {
            return problem(HttpStatus.CONFLICT, result.problem());
        }
        return ResponseEntity.ok(result);
    }

    private static ResponseEntity<?> found(Optional<?> value, String missing) {
        return value.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(missing));
    }

    private static ResponseEntity<?> notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
