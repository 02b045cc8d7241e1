package io.percept.profile.domain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a person said in one event, as text perception read it.
 *
 * @param score     the text's sentiment score in [-1, 1]
 * @param tone      its label (neutral near 0)
 * @param complaint whether the text is a complaint (negative and about a topic)
 * @param topics    the distinct topics it mentions, most mentioned first
 */
public record Voice(double score, Tone tone, boolean complaint, List<Topic> topics) {

    public Voice {
        if (!(score >= -1 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [-1, 1], was " + score);
        }
        Objects.requireNonNull(tone, "tone");
        topics = List.copyOf(topics);
    }

    /** A sentiment label. */
    public enum Tone {
        NEGATIVE, NEUTRAL, POSITIVE;

        /** {@code negative}, {@code neutral} or {@code positive}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A topic mentioned in the text.
     *
     * @param id       the taxonomy's topic id, such as {@code logistics}
     * @param negative whether it is spoken of negatively
     */
    public record Topic(String id, boolean negative) {

        public Topic {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a topic needs an id");
            }
        }
    }

    public boolean negative() {
        return tone == Tone.NEGATIVE;
    }
}
