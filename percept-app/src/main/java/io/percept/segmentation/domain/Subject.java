package io.percept.segmentation.domain;

/** Something a segment is evaluated on (a profile): the value of a field, or {@code null} when it has none. */
@FunctionalInterface
public interface Subject {

    /**
     * @param field a field the catalogue knows (e.g. {@code orders}, {@code traits.plan})
     * @return a {@link Number}, {@link String}, {@link Boolean}, {@link java.util.Collection} of those, or {@code null}
     */
    Object value(String field);
}
