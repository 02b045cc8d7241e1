package io.percept.analytics.text;

import io.percept.analytics.hash.Murmur3;
import java.nio.charset.StandardCharsets;

/**
 * Which texts an evaluation holds out: decided by a seeded hash of the text itself, not by its
 * position, so a text is on the same side of the split in every data set it appears in, and a model
 * trained on the pooled training parts of several sets has seen none of their test texts.
 */
public final class HeldOut {

    /** The seed every shipped model and evaluation uses. */
    public static final long SEED = 7;
    /** The fraction held out by default: a fifth. */
    public static final double FRACTION = 0.2;

    private HeldOut() {
    }

    /** Whether {@code text} is in the test part of the default split. */
    public static boolean isHeldOut(String text) {
        return isHeldOut(text, SEED, FRACTION);
    }

    /**
     * Whether {@code text} falls in the held-out {@code fraction} under {@code seed}.
     *
     * @param fraction between 0 and 1
     */
    public static boolean isHeldOut(String text, long seed, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, was " + fraction);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long hash = Murmur3.hash128(bytes, 0, bytes.length, seed)[0];
        double unit = (hash >>> 11) * 0x1.0p-53;
        return unit < fraction;
    }
}
