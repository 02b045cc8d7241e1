package io.percept.profile;

import io.percept.identity.Identifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the live profiles (their fields, count and event ids), in either mode: the embedded
 * {@link Profiles} from memory, {@link ClusterProfiles} from PostgreSQL. Segments are evaluated
 * through it.
 */
public interface ProfileReader {

    /**
     * Visits every live profile; the facts object is reused, valid only during its visit.
     *
     * @return how many profiles were visited
     */
    int forEach(Profiles.ProfileVisitor visitor);

    /** Visits the live profiles among {@code ids} (merged and unknown ids are skipped). */
    void forEach(long[] ids, Profiles.ProfileVisitor visitor);

    /** The number of live profiles. */
    int count();

    /**
     * The ids events about the profiles {@code ids} should carry to be attributed to them: each
     * profile's user id, else one of its anonymous ids, as {@code [userId, anonymousId]} with one of
     * them null. Profiles with neither, merged away or unknown are left out.
     */
    Map<Long, String[]> eventIds(long[] ids);

    /** {@code [userId, anonymousId]} from a live profile's identifiers: its user id, else its first anonymous id; empty with neither. */
    static Optional<String[]> eventIdsOf(List<Identifier> identifiers) {
        String anonymous = null;
        for (Identifier identifier : identifiers) {
            if (identifier.type().name().equals("user_id")) {
                return Optional.of(new String[] {identifier.value(), null});
            }
            if (anonymous == null && identifier.type().name().equals("anonymous_id")) {
                anonymous = identifier.value();
            }
        }
        return anonymous == null ? Optional.empty() : Optional.of(new String[] {null, anonymous});
    }
}
