package io.percept.profile;

import java.util.List;

/**
 * Profiles as the prediction runs see them, in either mode: the embedded {@link Profiles} and
 * {@link ClusterProfiles}. A run attributes the orders it reads to live profiles, reads their
 * fields ({@link ProfileReader}) and hands its scores back.
 */
public interface ScoredProfiles extends ProfileReader {

    /**
     * The live profile holding each identifier, as {@code event_identities} rows name them
     * ({@code type:value}); 0 for an identifier no profile holds (erased) or an unknown type.
     */
    long[] profilesOf(List<String> identifiers);

    /**
     * Makes {@code scores} the profiles' model scores (shown under {@code scores}, read by searches
     * and segments through {@link ProfileFields#scoreFields()}); the profiles in {@code rescored}
     * count as changed, so live segment membership over scores follows.
     */
    void useScores(ProfileScores scores, long[] rescored);
}
