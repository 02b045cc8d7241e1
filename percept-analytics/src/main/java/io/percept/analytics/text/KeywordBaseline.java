package io.percept.analytics.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The keyword baseline a learned text classifier must beat: each label has a list of keywords,
 * by default its own name's content words (lower-cased, minus a small stopword list, a final
 * {@code -ing}, {@code -ed} or {@code -s} cut off when at least four letters remain), optionally
 * with hand-written ones. A text gets the label whose keywords match most of its words; ties go to
 * the label more frequent in training, and a text that matches nothing gets the majority class.
 *
 * <p>A word and a keyword match when one is a prefix of the other and the shorter has at least
 * {@value #MIN_PREFIX} characters, or when they are equal: keyword {@code cancell} (from "Cancelled")
 * matches "cancel", "cancelled" and "cancellation", keyword {@code delay} matches "delayed". Words
 * are runs of letters and digits, lower-cased, apostrophes dropped ("can't" is "cant"). Each word
 * counts at most once per label. Immutable, deterministic and thread-safe.
 */
public final class KeywordBaseline {

    /** The shortest prefix that matches a longer word or keyword. */
    public static final int MIN_PREFIX = 4;

    /** Function words, and the words taxonomies put in every label ("other", "problem", "issue"). */
    private static final Set<String> STOPWORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "cant",
            "did", "didnt", "do", "does", "dont", "for", "from", "has", "have", "i", "in", "into", "is", "it", "its", "me", "my", "no",
            "not", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "up", "was", "were", "when", "while", "with",
            "you", "your", "other", "others", "problem", "problems", "issue", "issues");

    private final List<String> labels;
    private final String[][] keywords;
    private final long[] trainingCounts;
    private final int majority;

    private KeywordBaseline(List<String> labels, String[][] keywords, long[] trainingCounts) {
        this.labels = List.copyOf(labels);
        this.keywords = keywords;
        this.trainingCounts = trainingCounts;
        int most = 0;
        for (int c = 1; c < trainingCounts.length; c++) {
            if (trainingCounts[c] > trainingCounts[most]) {
                most = c;
            }
        }
        this.majority = most;
    }

    /**
     * A baseline whose keywords come from the label names alone.
     *
     * @param labels  the class names, in class order
     * @param classes the training texts' class indices into {@code labels}, for ties and the fallback
     * @throws IllegalArgumentException if there are no labels, duplicate labels, or a class out of range
     */
    public static KeywordBaseline fromNames(List<String> labels, int[] classes) {
        return fromNames(labels, classes, Map.of());
    }

    /**
     * A baseline with each label's name keywords plus hand-written ones, taken as written (lower-cased,
     * not cut): write a stem such as {@code delay} to match "delays" and "delayed".
     *
     * @param extra hand-written keywords by label name; labels may be missing
     * @throws IllegalArgumentException as {@link #fromNames(List, int[])}, or for an unknown label or a
     *                                  keyword that is not one word
     */
    public static KeywordBaseline fromNames(List<String> labels, int[] classes, Map<String, List<String>> extra) {
        if (labels.isEmpty() || Set.copyOf(labels).size() != labels.size()) {
            throw new IllegalArgumentException("labels must be distinct and at least one, were " + labels);
        }
        for (String label : extra.keySet()) {
            if (!labels.contains(label)) {
                throw new IllegalArgumentException("keywords for " + label + ", which is not one of " + labels);
            }
        }
        long[] counts = new long[labels.size()];
        for (int c : classes) {
            if (c < 0 || c >= labels.size()) {
                throw new IllegalArgumentException("class " + c + " is outside 0.." + (labels.size() - 1));
            }
            counts[c]++;
        }
        String[][] keywords = new String[labels.size()][];
        for (int c = 0; c < labels.size(); c++) {
            Set<String> words = new LinkedHashSet<>(keywordsOf(labels.get(c)));
            for (String keyword : extra.getOrDefault(labels.get(c), List.of())) {
                List<String> parts = words(keyword);
                if (parts.size() != 1) {
                    throw new IllegalArgumentException("a keyword must be one word, was '" + keyword + "'");
                }
                words.add(parts.get(0));
            }
            keywords[c] = words.toArray(new String[0]);
        }
        return new KeywordBaseline(labels, keywords, counts);
    }

    /** The keywords a label's name gives: its content words, lower-cased and cut as the class describes. */
    public static List<String> keywordsOf(String label) {
        Set<String> keywords = new LinkedHashSet<>();
        for (String word : words(label)) {
            String stem = stem(word);
            if (!STOPWORDS.contains(word) && !STOPWORDS.contains(stem)) {
                keywords.add(stem);
            }
        }
        return List.copyOf(keywords);
    }

    public List<String> labels() {
        return labels;
    }

    /** The keywords of class {@code c}. */
    public List<String> keywords(int c) {
        return List.of(keywords[c]);
    }

    /** The class predicted for texts without a keyword: the most frequent in training (the first on a tie). */
    public int majority() {
        return majority;
    }

    /** How many of the words of {@code text} match each class's keywords, in class order. */
    public int[] hits(String text) {
        int[] hits = new int[keywords.length];
        for (String word : words(text)) {
            count(word, hits);
        }
        return hits;
    }

    /** The class with the most keyword hits in {@code text}; see the class description for ties and misses. */
    public int predict(String text) {
        int[] hits = hits(text);
        int best = majority;
        for (int c = 0; c < hits.length; c++) {
            if (hits[c] > hits[best] || (hits[c] == hits[best] && hits[c] > 0 && trainingCounts[c] > trainingCounts[best])) {
                best = c;
            }
        }
        return best;
    }

    private void count(String word, int[] hits) {
        for (int c = 0; c < keywords.length; c++) {
            for (String keyword : keywords[c]) {
                if (matches(word, keyword)) {
                    hits[c]++;
                    break;
                }
            }
        }
    }

    private static boolean matches(String word, String keyword) {
        if (word.length() >= keyword.length()) {
            return word.startsWith(keyword) && (keyword.length() >= MIN_PREFIX || word.length() == keyword.length());
        }
        return word.length() >= MIN_PREFIX && keyword.startsWith(word);
    }

    private static String stem(String word) {
        for (String suffix : new String[] {"ing", "ed", "s"}) {
            if (word.endsWith(suffix) && !word.endsWith("ss") && word.length() - suffix.length() >= MIN_PREFIX) {
                return word.substring(0, word.length() - suffix.length());
            }
        }
        return word;
    }

    /** Lower-cased runs of letters and digits, apostrophes inside dropped. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= lower.length(); i++) {
            char ch = i < lower.length() ? lower.charAt(i) : ' ';
            boolean apostrophe = ch == '\'' || ch == '\u2019';
            if (Character.isLetterOrDigit(ch)) {
                word.append(ch);
            } else if (!apostrophe && word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        return words;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("KeywordBaseline{");
        for (int c = 0; c < keywords.length; c++) {
            out.append(c == 0 ? "" : ", ").append(labels.get(c)).append('=').append(List.of(keywords[c]));
        }
        return out.append("}").toString();
    }
}
