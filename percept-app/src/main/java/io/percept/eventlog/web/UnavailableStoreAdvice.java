package io.percept.eventlog.web;

import io.percept.eventlog.LogUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An API request that fails because the log or a store cannot be reached (the cluster's PostgreSQL or
 * Kafka down, the embedded store failed) is answered 503 with a problem document and
 * {@code Retry-After}, not 500: the request was fine and will work once the dependency is back. Any
 * other failure is left to the other handlers, which come first (lowest precedence: Spring's problem
 * details for its own exceptions are not shadowed).
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class UnavailableStoreAdvice {

    private static final Logger log = LoggerFactory.getLogger(UnavailableStoreAdvice.class);

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unavailable(RuntimeException failure) {
        Throwable cause = unavailability(failure);
        if (cause == null) {
            throw failure;
        }
        log.warn("API request refused, a dependency is unavailable: {}", cause.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "a store Percept depends on is unavailable; retry later: " + cause.getMessage());
        problem.setTitle("Service Unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(problem);
    }

    /** The cause that says a store or the log cannot be reached, or {@code null}. */
    static Throwable unavailability(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof LogUnavailableException || e instanceof DataAccessResourceFailureException
                    || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
                return e;
            }
            // SQLSTATE class 08: connection exception (PostgreSQL's driver reports a broken connection so)
            if (e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return e;
            }
        }
        return null;
    }
}
