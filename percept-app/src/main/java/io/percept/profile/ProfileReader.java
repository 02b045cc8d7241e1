package io.percept.profile;

/**
 * Reads every live profile's fields, in either mode: the embedded {@link Profiles} from memory,
 * {@link ClusterProfiles} from PostgreSQL. Segments are evaluated through it.
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
}
