package io.percept.ingest.domain.mapping;

/** A mapping document that cannot be used; the message names the path in the document, e.g. {@code properties.rating.type}. */
public class InvalidMappingException extends IllegalArgumentException {

    public InvalidMappingException(String path, String problem) {
        super((path.isEmpty() ? "" : path + ": ") + problem);
    }
}
