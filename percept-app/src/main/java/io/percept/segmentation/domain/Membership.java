package io.percept.segmentation.domain;

import java.util.Collection;

/**
 * Who is in a segment: its definition, overridden by hand through two tags of the profile's
 * {@code tags} field. A subject is a member when its tags hold {@code added}, or when the
 * definition holds and its tags do not hold {@code removed}. Tags compare exactly.
 *
 * @param definition the segment's definition
 * @param added      the tag that adds a subject by hand; {@code null} for none (an unsaved definition)
 * @param removed    the tag that takes a subject out by hand; {@code null} for none
 */
public record Membership(Expression definition, String added, String removed) {

    /** The field holding a subject's tags (a collection of texts). */
    public static final String TAGS = "tags";

    /** Membership by the definition alone. */
    public static Membership of(Expression definition) {
        return new Membership(definition, null, null);
    }

    /** Whether {@code subject} is a member at {@code nowMicros}. */
    public boolean test(Subject subject, long nowMicros) {
        if (added != null && subject.value(TAGS) instanceof Collection<?> tags && !tags.isEmpty()) {
            if (tags.contains(added)) {
                return true;
            }
            if (tags.contains(removed)) {
                return false;
            }
        }
        return definition.test(subject, nowMicros);
    }
}
