package io.percept.profile;

import java.util.Map;

/**
 * Model scores held outside the profile (churn risk, P(alive), CLV, cluster, recommended products,
 * propensities), which the prediction runs compute in batch and hand to {@link Profiles#useScores}.
 * Profiles show them under the {@code scores} attribute, and searches and segments read them through
 * the fields {@link ProfileFields#scoreFields()} names. Implementations are thread-safe and quick
 * (a lookup, no I/O): they are called under the profiles' read lock.
 */
public interface ProfileScores {

    /** No scores yet. */
    ProfileScores NONE = new ProfileScores() {
        @Override
        public Object value(long profileId, String field) {
            return null;
        }

        @Override
        public Map<String, Object> all(long profileId) {
            return Map.of();
        }
    };

    /** The value of a score field for a live profile; {@code null} when it was not scored. */
    Object value(long profileId, String field);

    /** Every score of a profile, for its view; empty when it was not scored. */
    Map<String, Object> all(long profileId);
}
