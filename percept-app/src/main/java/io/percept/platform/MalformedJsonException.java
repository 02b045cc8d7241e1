package io.percept.platform;

/** Input that is not the JSON expected; the message names the position and the problem. */
public class MalformedJsonException extends IllegalArgumentException {

    public MalformedJsonException(String message) {
        super(message);
    }

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
