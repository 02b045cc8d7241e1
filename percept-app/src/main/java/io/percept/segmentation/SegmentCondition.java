package io.percept.segmentation;

import io.percept.segmentation.domain.Expression;
import java.util.function.Function;

/**
 * A definition in the segment language used as a condition on one profile at a time (a rule's
 * {@code if}). Immutable and thread-safe.
 */
public final class SegmentCondition {

    private final Expression expression;

    SegmentCondition(Expression expression) {
        this.expression = expression;
    }

    /** The definition in its canonical text form. */
    public String text() {
        return expression.text();
    }

    /**
     * Whether a profile with these field values meets the condition now.
     *
     * @param fields    a field's value, or {@code null} when the profile has none (e.g. {@code facts::value})
     * @param nowMicros the time windows and {@code within} count back from, epoch microseconds
     */
    public boolean test(Function<String, Object> fields, long nowMicros) {
        return expression.test(fields::apply, nowMicros);
    }
}
