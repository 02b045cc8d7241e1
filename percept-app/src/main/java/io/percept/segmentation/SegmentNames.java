package io.percept.segmentation;

import java.util.regex.Pattern;

/**
 * The names of segments and the tags that put a profile into a saved segment, or take it out,
 * by hand (a rule's {@code segment} action). A profile is in segment {@code s} when its tags hold
 * {@code segment+:s}, or when the definition holds and its tags do not hold {@code segment-:s}.
 * Plain Java: usable by other modules' domain code.
 */
public final class SegmentNames {

    /** What a segment name may be, for messages. */
    public static final String RULE = "1 to 64 letters, digits, '_' or '-' (Chinese characters allowed), starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9\\p{IsHan}][A-Za-z0-9_\\-\\p{IsHan}]{0,63}");
    private static final String ADDED = "segment+:";
    private static final String REMOVED = "segment-:";

    private SegmentNames() {
    }

    /** Whether {@code name} is a valid segment name ({@link #RULE}). */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The tag that makes a profile a member of segment {@code name} whatever its definition says. */
    public static String addedTag(String name) {
        return ADDED + name;
    }

    /** The tag that keeps a profile out of segment {@code name} unless it was added by hand. */
    public static String removedTag(String name) {
        return REMOVED + name;
    }

    /** Whether {@code tag} is one of the reserved membership tags, which only segment actions set. */
    public static boolean reserved(String tag) {
        return tag.startsWith(ADDED) || tag.startsWith(REMOVED);
    }
}
