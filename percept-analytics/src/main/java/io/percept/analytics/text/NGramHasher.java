package io.percept.analytics.text;

import java.util.Arrays;

/**
 * Turns a text into hashed n-gram features (the "hashing trick", Weinberger et al., ICML 2009):
 * character n-grams of the normalised text (for Chinese, where they stand in for words, and for
 * English misspellings) and, for alphabetic scripts, word unigrams and bigrams. Each n-gram is
 * hashed (FNV-1a, 32 bit) into {@code 2^bits} buckets; counts are log-scaled (1 + ln tf) and the
 * vector is L2-normalised. Deterministic; thread-safe.
 */
public final class NGramHasher {

    /**
     * @param bits     log2 of the number of buckets (10 to 26)
     * @param minChars shortest character n-gram (at least 1)
     * @param maxChars longest character n-gram (at most 6)
     * @param words    whether to add word unigrams and bigrams (Latin-script words)
     */
    public record Options(int bits, int minChars, int maxChars, boolean words) {

        public Options {
            if (bits < 10 || bits > 26) {
                throw new IllegalArgumentException("bits must be between 10 and 26, was " + bits);
            }
            if (minChars < 1 || maxChars < minChars || maxChars > 6) {
                throw new IllegalArgumentException("character n-grams must satisfy 1 <= min <= max <= 6, were " + minChars + ".." + maxChars);
            }
        }

        /** Chinese: character unigrams to trigrams. */
        public static Options chinese() {
            return new Options(20, 1, 3, false);
        }

        /** English: character 1- to 5-grams and word unigrams and bigrams. */
        public static Options english() {
            return new Options(20, 1, 5, true);
        }
    }

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int WORD_SALT = 0x5BD1E995;

    private final Options options;
    private final int mask;

    public NGramHasher(Options options) {
        this.options = options;
        this.mask = (1 << options.bits()) - 1;
    }

    public Options options() {
        return options;
    }

    /** The number of feature buckets. */
    public int dimensions() {
        return mask + 1;
    }

    /** The features of {@code text}; an empty vector for a blank text. */
    public SparseVector features(String text) {
        int[] normalised = normalise(text);
        int length = normalised.length;
        int[] hashes = new int[64];
        int count = 0;
        for (int n = options.minChars(); n <= options.maxChars(); n++) {
            for (int start = 0; start + n <= length; start++) {
                int hash = FNV_OFFSET ^ n;
                boolean blank = false;
                for (int i = start; i < start + n; i++) {
                    int c = normalised[i];
                    blank |= c == ' ' && n == 1;
                    hash = (hash ^ c) * FNV_PRIME;
                }
                if (!blank) {
                    hashes = grow(hashes, count);
                    hashes[count++] = hash & mask;
                }
            }
        }
        if (options.words()) {
            int previous = 0;
            int wordStart = -1;
            for (int i = 0; i <= length; i++) {
                boolean letter = i < length && Character.isLetterOrDigit(normalised[i]) && normalised[i] < 0x2E80;
                if (letter && wordStart < 0) {
                    wordStart = i;
                } else if (!letter && wordStart >= 0) {
                    int word = WORD_SALT;
                    for (int j = wordStart; j < i; j++) {
                        word = (word ^ normalised[j]) * FNV_PRIME;
                    }
                    hashes = grow(hashes, count + 1);
                    hashes[count++] = word & mask;
                    if (previous != 0) {
                        hashes[count++] = ((previous * 31) ^ word) * FNV_PRIME & mask;
                    }
                    previous = word;
                    wordStart = -1;
                }
            }
        }
        return vector(hashes, count);
    }

    /**
     * Lower case, full-width forms folded to ASCII, @handles and web links dropped, runs of whitespace and
     * punctuation to one space.
     */
    private static int[] normalise(String text) {
        int[] codePoints = text.codePoints().toArray();
        int[] out = new int[codePoints.length];
        int length = 0;
        boolean space = true;
        for (int at = 0; at < codePoints.length; at++) {
            int skip = handleOrLink(codePoints, at);
            if (skip > at) {
                at = skip - 1;
                if (!space) {
                    out[length++] = ' ';
                    space = true;
                }
                continue;
            }
            int c = codePoints[at];
            if (c >= 0xFF01 && c <= 0xFF5E) {
                c -= 0xFEE0;
            }
            c = Character.toLowerCase(c);
            boolean keep = Character.isLetterOrDigit(c) || c == '!' || c == '?' || c == '~';
            if (keep) {
                out[length++] = c;
                space = false;
            } else if (!space) {
                out[length++] = ' ';
                space = true;
            }
        }
        if (length > 0 && out[length - 1] == ' ') {
            length--;
        }
        return Arrays.copyOf(out, length);
    }

    /**
     * Where an @handle or a web link starting at {@code at} ends (they name, not judge), or {@code at}
     * when none starts there.
     */
    private static int handleOrLink(int[] text, int at) {
        boolean wordStart = at == 0 || !Character.isLetterOrDigit(text[at - 1]);
        if (text[at] == '@' && wordStart && at + 1 < text.length && isHandle(text[at + 1])) {
            int end = at + 1;
            while (end < text.length && isHandle(text[end])) {
                end++;
            }
            return end;
        }
        if (wordStart && (startsWith(text, at, "http://") || startsWith(text, at, "https://") || startsWith(text, at, "www."))) {
            int end = at;
            while (end < text.length && !Character.isWhitespace(text[end])) {
                end++;
            }
            return end;
        }
        return at;
    }

    private static boolean isHandle(int c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static boolean startsWith(int[] text, int at, String prefix) {
        if (at + prefix.length() > text.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(text[at + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int[] grow(int[] array, int used) {
        return used + 2 <= array.length ? array : Arrays.copyOf(array, array.length * 2);
    }

    private static SparseVector vector(int[] hashes, int count) {
        if (count == 0) {
            return new SparseVector(new int[0], new float[0]);
        }
        int[] sorted = Arrays.copyOf(hashes, count);
        Arrays.sort(sorted);
        int distinct = 0;
        int[] indices = new int[count];
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            if (distinct > 0 && indices[distinct - 1] == sorted[i]) {
                values[distinct - 1]++;
            } else {
                indices[distinct] = sorted[i];
                values[distinct++] = 1;
            }
        }
        double norm = 0;
        for (int i = 0; i < distinct; i++) {
            values[i] = (float) (1 + Math.log(values[i]));
            norm += values[i] * values[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < distinct; i++) {
            values[i] *= scale;
        }
        return new SparseVector(Arrays.copyOf(indices, distinct), Arrays.copyOf(values, distinct));
    }
}
