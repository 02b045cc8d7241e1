package io.percept.ingest.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tracking request refused with an HTTP status and a JSON body:
 * {@code {"success":false,"code":...,"message":...}} plus details such as the batch index, the
 * field or the limit that was broken.
 */
final class TrackingException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details = new LinkedHashMap<>();

    TrackingException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    TrackingException with(String key, Object value) {
        details.put(key, value);
        return this;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("code", code);
        body.put("message", getMessage());
        body.putAll(details);
        return body;
    }
}
