package io.percept.rules.domain;

import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** What starts a rule: the {@code when} of a rule document, exactly one of {@code event}, {@code segment}, {@code crosses}. */
public sealed interface Trigger permits Trigger.OnEvent, Trigger.OnSegment, Trigger.OnCrossing {

    /** The name of the log's event when a profile enters a segment ({@code properties.segment} names it). */
    String SEGMENT_ENTERED = "Segment Entered";
    /** The name of the log's event when a profile leaves a segment. */
    String SEGMENT_EXITED = "Segment Exited";

    /** Whether {@code event} starts the rule. */
    boolean matches(Event event);

    /** This trigger as the {@code when} object of a document. */
    Map<String, Object> toDocument();

    /** {@code when: {event: {...}}}: an event of the profile. */
    record OnEvent(EventMatch event) implements Trigger {

        public OnEvent {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public boolean matches(Event candidate) {
            return event.matches(candidate);
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("event", event.toDocument());
        }
    }

    /**
     * {@code when: {segment: {name: at-risk, on: entered}}}: the profile entered (or exited) a
     * segment, as the log's {@value #SEGMENT_ENTERED}/{@value #SEGMENT_EXITED} events tell.
     *
     * @param segment the segment's name
     * @param entered {@code true} for {@code on: entered} (the default), {@code false} for {@code on: exited}
     */
    record OnSegment(String segment, boolean entered) implements Trigger {

        public OnSegment {
            if (segment == null || segment.isBlank()) {
                throw new IllegalArgumentException("a segment name is required");
            }
        }

        @Override
        public boolean matches(Event event) {
            return isSegmentEvent(event, entered ? SEGMENT_ENTERED : SEGMENT_EXITED, segment);
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("segment", Documents.of("name", segment, "on", entered ? "entered" : "exited"));
        }
    }

    /**
     * {@code when: {crosses: {field: churnRisk, above: 0.7}}} (or {@code below}): a profile score or
     * trait crossed a threshold. The processor keeps a managed segment named {@link #segmentName()}
     * ({@code "churnRisk > 0.7"}, in the segment language) and the rule fires on its
     * {@value #SEGMENT_ENTERED} events, so a profile fires again only after it went back across.
     *
     * @param field     a profile field of the segment language ({@code churnRisk}, {@code clv}, a trait)
     * @param threshold the threshold
     * @param above     {@code true} for crossing upwards ({@code above}), {@code false} for {@code below}
     */
    record OnCrossing(String field, double threshold, boolean above) implements Trigger {

        static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,63}");

        public OnCrossing {
            if (field == null || !FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("not a profile field: " + field);
            }
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("the threshold must be a finite number");
            }
        }

        /**
         * The managed segment's name, e.g. {@code crossing-churnRisk-above-0_7}: segment names allow no
         * spaces, dots or comparison signs, so the definition is spelt out.
         */
        public String segmentName() {
            return "crossing-" + field.replace('.', '_') + (above ? "-above-" : "-below-") + number(threshold).replace('.', '_').replace("-", "minus");
        }

        /** The managed segment's definition in the segment language, e.g. {@code churnRisk > 0.7}. */
        public String definition() {
            return field + (above ? " > " : " < ") + number(threshold);
        }

        @Override
        public boolean matches(Event event) {
            // entering because the segment was just created (the rule was just saved) is not crossing
            return isSegmentEvent(event, SEGMENT_ENTERED, segmentName()) && !Boolean.TRUE.equals(event.properties().get("initial"));
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("crosses", Documents.of("field", field, above ? "above" : "below", threshold));
        }

        private static String number(double value) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    private static boolean isSegmentEvent(Event event, String name, String segment) {
        return event.type() == EventType.TRACK && name.equals(event.name()) && segment.equals(event.properties().get("segment"));
    }
}
