package io.percept.profile;

import io.percept.eventlog.Attributes;
import io.percept.profile.domain.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Percept's own identify events add and remove a profile's tags (the trait {@code tags}, a
 * sorted list of distinct texts of 1 to 64 characters, at most 100): the event's traits hold
 * {@code "$tags": {"add": [...], "remove": [...]}}. The profiles honour it only in an identify
 * event on channel {@code system} from source {@code percept-rules} (the rules' derived events),
 * which they apply to the live profile without counting an event; the tags removed are taken out
 * first, then those added put in, leaving the other tags and traits as they were. In any other
 * event, {@code $tags} is an ordinary trait with no effect on the tags.
 */
public final class ProfileTags {

    /** The trait holding a profile's tags. */
    public static final String TRAIT = Tags.TRAIT;
    /** The key of the change in the traits of a rules' identify event. */
    public static final String CHANGE = "$tags";
    /** The most tags a profile keeps. */
    public static final int LIMIT = Tags.LIMIT;
    /** The longest tag, in characters. */
    public static final int LONGEST = Tags.LONGEST;

    private ProfileTags() {
    }

    /** The traits of an identify event that adds {@code add} and removes {@code remove}. */
    public static Map<String, Object> change(Collection<String> add, Collection<String> remove) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("add", List.copyOf(add));
        change.put("remove", List.copyOf(remove));
        return Map.of(CHANGE, change);
    }

    /** The texts under {@code key} of a change ({@code add} or {@code remove}); empty when there are none. */
    static List<String> texts(Attributes change, String key) {
        List<String> texts = new ArrayList<>();
        if (change.get(key) instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String text) {
                    texts.add(text);
                }
            }
        }
        return texts;
    }
}
