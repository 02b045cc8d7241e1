package io.percept.profile.web;

import io.percept.eventlog.LoggedEvent;
import io.percept.platform.ClusterOnly;
import io.percept.platform.PersonalData;
import io.percept.profile.ClusterProfiles;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The profile API in cluster mode (admin token): a profile by id and by identifier, read from
 * PostgreSQL by any instance, export and erasure. Search, timelines and splits are embedded-only
 * for now (docs/deploy.md).
 */
@RestController
@RequestMapping("/api/profiles")
@ClusterOnly
class ClusterProfilesController {

    private final ClusterProfiles profiles;
    private final List<PersonalData> personalData;

    ClusterProfilesController(ClusterProfiles profiles, List<PersonalData> personalData) {
        this.profiles = profiles;
        this.personalData = personalData;
    }

    /** A profile; a merged-away id answers with the profile it was merged into. */
    @GetMapping("/{id}")
    ResponseEntity<?> get(@PathVariable long id) {
        return profiles.get(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound("no profile " + id));
    }

    /** The profile holding an identifier, e.g. {@code /by-identifier/email/ann@example.com}. */
    @GetMapping("/by-identifier/{type}/{value:.+}")
    ResponseEntity<?> byIdentifier(@PathVariable String type, @PathVariable String value) {
        return profiles.profileOf(type, value).flatMap(profiles::get).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound("no profile holds " + type + " '" + value + "'"));
    }

    /** Erases the person: identifiers, events and what was derived from them, on every instance (docs/identity.md, Erasure). */
    @DeleteMapping("/{id}")
    ResponseEntity<?> erase(@PathVariable long id) {
        return profiles.erase(id, personalData).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound("no profile " + id));
    }

    /** Everything held about the person, as one JSON document (as in embedded mode). */
    @GetMapping("/{id}/export")
    ResponseEntity<?> export(@PathVariable long id) {
        Optional<Map<String, Object>> export = profiles.export(id, personalData);
        if (export.isEmpty()) {
            return notFound("no profile " + id);
        }
        Map<String, Object> body = new LinkedHashMap<>(export.get());
        @SuppressWarnings("unchecked")
        List<LoggedEvent> events = (List<LoggedEvent>) body.get("events");
        body.put("events", ProfilesController.events(events));
        ClusterProfiles.ClusterProfile profile = (ClusterProfiles.ClusterProfile) body.get("profile");
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"profile-" + profile.id() + ".json\"")
                .body(body);
    }

    private static ResponseEntity<ProblemDetail> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
