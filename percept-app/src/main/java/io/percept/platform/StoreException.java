package io.percept.platform;

/** A store (the embedded one or the cluster database) cannot be opened or used; the message says why in words a user can act on. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
