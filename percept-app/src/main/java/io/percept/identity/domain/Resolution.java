package io.percept.identity.domain;

import io.percept.identity.Identifier;
import io.percept.identity.ProfileId;
import java.util.List;
import java.util.Set;

/** What applying one event's link did to the identity graph. */
public sealed interface Resolution {

    /** The event had no identifier; it belongs to no profile. */
    record Unattributed() implements Resolution {
    }

    /**
     * The event belongs to {@code profile}.
     *
     * @param profile    the profile that owns the event's highest-priority identifier
     * @param created    whether that profile was created by this event
     * @param merges     merges the event caused
     * @param refusals   merges and additions the rules refused
     * @param recomputed profiles recomputed because the event arrived out of canonical order and
     *                   changed how earlier-applied events resolve, or {@code null}
     */
    record Resolved(ProfileId profile, boolean created, List<Merge> merges, List<Refusal> refusals, Recomputed recomputed)
            implements Resolution {

        public Resolved {
            merges = List.copyOf(merges);
            refusals = List.copyOf(refusals);
        }

        /** The same outcome for another profile. */
        public Resolved withProfile(ProfileId other) {
            return new Resolved(other, created, merges, refusals, recomputed);
        }
    }

    /**
     * Two profiles became one.
     *
     * @param survivor the older profile, which keeps its id
     * @param absorbed the other, whose id now redirects to the survivor
     * @param via      the identifier that linked them
     */
    record Merge(ProfileId survivor, ProfileId absorbed, Identifier via) {
    }

    /**
     * The rules refused to merge or add an identifier; it was dropped from the event.
     *
     * @param profile the event's profile
     * @param dropped the identifier dropped
     * @param owner   the profile that owns {@code dropped}, or {@code null} if it was not owned
     * @param rule    the rule
     */
    record Refusal(ProfileId profile, Identifier dropped, ProfileId owner, Rule rule) {
    }

    /**
     * Profiles recomputed from their identity-relevant events in canonical order. Their histories
     * and computed attributes must be rebuilt.
     *
     * @param before the profiles that were replaced
     * @param after  the profiles that replace them (ids of {@code before} are reused where
     *               a new profile holds the old one's oldest identifier)
     */
    record Recomputed(Set<ProfileId> before, Set<ProfileId> after) {

        public Recomputed {
            before = Set.copyOf(before);
            after = Set.copyOf(after);
        }
    }
}
