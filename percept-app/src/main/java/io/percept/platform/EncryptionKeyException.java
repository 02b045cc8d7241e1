package io.percept.platform;

/**
 * The encryption key is malformed, missing for an encrypted store, or not the store's key. Its
 * message never contains the key.
 */
public class EncryptionKeyException extends StoreException {

    public EncryptionKeyException(String message) {
        super(message);
    }
}
