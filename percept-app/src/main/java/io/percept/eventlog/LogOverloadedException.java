package io.percept.eventlog;

/**
 * More events are waiting to be committed than the log accepts (see
 * {@code percept.eventlog.max-pending-events}); the request was refused at once, nothing of it
 * was appended, and the caller may retry later.
 */
public class LogOverloadedException extends LogUnavailableException {

    public LogOverloadedException(String message) {
        super(message);
    }
}
