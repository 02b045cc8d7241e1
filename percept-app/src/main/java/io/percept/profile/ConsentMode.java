package io.percept.profile;

import java.util.Arrays;

/**
 * How a consent never stated counts ({@code percept.profile.consent}): {@link #OPT_OUT} allows what
 * was not refused, {@link #OPT_IN} (PIPL, GDPR) allows only what was given. In both modes the latest
 * statement of the profile wins ({@code docs/identity.md}, Consent).
 */
public enum ConsentMode {

    /** Only an explicit refusal withholds; unknown consent is allowed (the default). */
    OPT_OUT,
    /** Only an explicit grant allows; unknown consent counts as refused. */
    OPT_IN;

    /** Whether a consent stated as {@code stated} ({@code null}: never stated) allows the processing. */
    public boolean allows(Boolean stated) {
        return stated == null ? this == OPT_OUT : stated;
    }

    /** Whether {@code event} states a marketing or a profiling consent (given or refused). */
    public static boolean statesConsent(io.percept.eventlog.Event event) {
        return io.percept.profile.domain.ProfileState.statedMarketing(event) != null
                || io.percept.profile.domain.ProfileState.statedProfiling(event) != null;
    }

    /** Whether the live profile {@code profileId} allows marketing; false for no (0) or an unknown profile in opt-in mode. */
    public boolean allowsMarketing(ProfileReader profiles, long profileId) {
        return allows(profiles, profileId, "marketingConsent");
    }

    /** Whether the live profile {@code profileId} allows profiling (model scores, next best action, segments used for marketing). */
    public boolean allowsProfiling(ProfileReader profiles, long profileId) {
        return allows(profiles, profileId, "profilingConsent");
    }

    private boolean allows(ProfileReader profiles, long profileId, String field) {
        Object[] stated = {null};
        if (profileId > 0) {
            profiles.forEach(new long[] {profileId}, (id, facts) -> stated[0] = facts.value(field));
        }
        return allows(stated[0] instanceof Boolean given ? given : null);
    }

    /** The live profiles that do not allow profiling, sorted (for {@link Arrays#binarySearch}). */
    public long[] withoutProfiling(ProfileReader profiles) {
        long[][] found = {new long[64]};
        int[] count = {0};
        profiles.forEach((id, facts) -> {
            if (!allows(facts.value("profilingConsent") instanceof Boolean given ? given : null)) {
                if (count[0] == found[0].length) {
                    found[0] = Arrays.copyOf(found[0], count[0] * 2);
                }
                found[0][count[0]++] = id;
            }
        });
        long[] sorted = Arrays.copyOf(found[0], count[0]);
        Arrays.sort(sorted);
        return sorted;
    }
}
