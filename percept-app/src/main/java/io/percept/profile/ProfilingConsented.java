package io.percept.profile;

import java.util.Map;

/**
 * The profiles whose profiling consent {@link ConsentMode} allows, as a {@link ProfileReader}: the
 * others are not visited. Saved segments are evaluated through it, so a profile that refused
 * profiling (or, in opt-in mode, never gave it) is in no segment and leaves those it was in with its
 * next change. {@link #count()} and {@link #eventIds} still see every live profile.
 */
public final class ProfilingConsented implements ProfileReader {

    private final ProfileReader profiles;
    private final ConsentMode mode;

    public ProfilingConsented(ProfileReader profiles, ConsentMode mode) {
        this.profiles = profiles;
        this.mode = mode;
    }

    /** Visits every live profile that allows profiling; returns how many live profiles were looked at (all of them). */
    @Override
    public int forEach(Profiles.ProfileVisitor visitor) {
        return profiles.forEach((id, facts) -> {
            if (allowed(facts)) {
                visitor.visit(id, facts);
            }
        });
    }

    @Override
    public void forEach(long[] ids, Profiles.ProfileVisitor visitor) {
        profiles.forEach(ids, (id, facts) -> {
            if (allowed(facts)) {
                visitor.visit(id, facts);
            }
        });
    }

    @Override
    public int count() {
        return profiles.count();
    }

    @Override
    public Map<Long, String[]> eventIds(long[] ids) {
        return profiles.eventIds(ids);
    }

    private boolean allowed(Profiles.ProfileFacts facts) {
        return mode.allows(facts.value("profilingConsent") instanceof Boolean given ? given : null);
    }
}
