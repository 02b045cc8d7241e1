package io.percept.eventlog;

/**
 * Events could not be made durable (store error, shutdown); none of the request's events are in
 * the log, and the caller must not acknowledge them.
 */
public class LogUnavailableException extends RuntimeException {

    public LogUnavailableException(String message) {
        super(message);
    }

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
