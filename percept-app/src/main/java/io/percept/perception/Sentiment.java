package io.percept.perception;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A sentiment label. */
public enum Sentiment {
    NEGATIVE, NEUTRAL, POSITIVE;

    /** The label as written in files and JSON: {@code negative}, {@code neutral}, {@code positive}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a label as data sets write it: the names (any case, also {@code neg}, {@code pos},
     * {@code neu}), {@code 0}/{@code 1} (negative/positive, as in the binary review sets), {@code -1},
     * or star ratings {@code 1}-{@code 5} are not guessed: returns {@code null} for anything else.
     */
    public static Sentiment parse(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "negative", "neg", "0", "-1" -> NEGATIVE;
            case "neutral", "neu" -> NEUTRAL;
            case "positive", "pos", "1" -> POSITIVE;
            default -> null;
        };
    }

    /**
     * The label of a score in [-1, 1]: neutral within {@code neutralBand} of 0.
     *
     * @param neutralBand 0 for a forced choice between negative and positive
     */
    public static Sentiment of(double score, double neutralBand) {
        if (Math.abs(score) < neutralBand || score == 0) {
            return NEUTRAL;
        }
        return score < 0 ? NEGATIVE : POSITIVE;
    }
}
