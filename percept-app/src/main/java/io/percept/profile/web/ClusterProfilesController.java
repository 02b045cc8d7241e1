package io.percept.profile.web;

import io.percept.platform.ClusterOnly;
import io.percept.profile.ClusterProfiles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The profile API in cluster mode (admin token): a profile by id and by identifier, read from
 * PostgreSQL by any instance. Search, timelines, splits, erasure and export are embedded-only for
 * now (docs/deploy.md).
 */
@RestController
@RequestMapping("/api/profiles")
@ClusterOnly
class ClusterProfilesController {

    private final ClusterProfiles profiles;

    ClusterProfilesController(ClusterProfiles profiles) {
        this.profiles = profiles;
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

    private static ResponseEntity<ProblemDetail> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
}
