package io.percept.identity.domain;

import io.percept.identity.Identifier;
import java.util.List;
import java.util.Objects;

/**
 * What an event says about identity: its identifiers (already normalised and off the blocklist)
 * and whether it is an {@code alias}, which may merge profiles with different user ids. For an
 * alias the first identifier is the target user id.
 *
 * @param key         its place in the canonical order
 * @param identifiers its identifiers, in any order (an alias: the target first)
 * @param alias       whether it is an explicit alias
 */
public record Link(LinkKey key, List<Identifier> identifiers, boolean alias) {

    public Link {
        Objects.requireNonNull(key, "key");
        identifiers = List.copyOf(identifiers);
    }
}
