package io.percept.profile;

import java.util.List;
import java.util.Map;

/**
 * A profile as the API shows it.
 *
 * @param id          the live profile's id
 * @param requestedId the id asked for, when it was merged into {@code id}; else {@code null}
 * @param identifiers its identifiers, highest priority first, as {@code {type, value}}
 * @param traits      its traits (last-updated or source-priority wins)
 * @param consent     {@code marketing} and {@code profiling}: true, false or null (never stated)
 * @param attributes  computed attributes
 * @param merges      how many profiles were merged into it
 */
public record ProfileView(long id, Long requestedId, List<Map<String, String>> identifiers, Map<String, Object> traits,
        Map<String, Boolean> consent, Map<String, Object> attributes, int merges) {
}
