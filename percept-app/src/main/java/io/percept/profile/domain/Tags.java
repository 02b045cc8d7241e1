package io.percept.profile.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A profile's tags: the trait {@value #TRAIT}, a sorted list of distinct texts of 1 to
 * {@value #LONGEST} characters, at most {@value #LIMIT} of them. Rules add and remove tags one by
 * one ({@link #change}); a client that sends the trait {@code tags} replaces the whole list, as
 * with any trait.
 */
public final class Tags {

    /** The trait holding the tags. */
    public static final String TRAIT = "tags";
    /** The most tags a profile keeps. */
    public static final int LIMIT = 100;
    /** The longest tag, in characters. */
    public static final int LONGEST = 64;

    private Tags() {
    }

    /**
     * The tags a trait value holds: the texts of a list (other elements left out), or a text as one
     * tag; empty for anything else.
     */
    public static List<String> of(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        List<String> tags = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            for (Object element : values) {
                if (element instanceof String text) {
                    tags.add(text);
                }
            }
        }
        return tags;
    }

    /**
     * The tags of {@code held} (a trait value, see {@link #of}) with {@code remove} taken out and
     * then {@code add} put in, sorted and distinct. Tags are stripped; blank ones and those longer
     * than {@value #LONGEST} characters are ignored. When the list is full ({@value #LIMIT}), the
     * tags being added that do not fit are dropped in the order given: the held tags stay.
     */
    public static List<String> change(Object held, Collection<String> add, Collection<String> remove) {
        TreeSet<String> tags = new TreeSet<>(of(held));
        for (String tag : remove) {
            tags.remove(tag.strip());
        }
        for (String tag : add) {
            String stripped = tag.strip();
            if (!stripped.isEmpty() && stripped.length() <= LONGEST && (tags.size() < LIMIT || tags.contains(stripped))) {
                tags.add(stripped);
            }
        }
        return List.copyOf(tags);
    }
}
