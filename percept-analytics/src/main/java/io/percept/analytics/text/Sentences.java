package io.percept.analytics.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into sentences with their character offsets (so aspects found in a sentence can be
 * pointed at in the original text), and tells Chinese from English. Sentences end at 。！？；!?;
 * (runs of them, with closing quotes and brackets), a line break, or an English full stop followed
 * by a space or the end; leading and trailing spaces are not part of a sentence. Pure and thread-safe.
 */
public final class Sentences {

    /**
     * One sentence of a text: {@code text.substring(start, end)}.
     *
     * @param start offset of the first character (UTF-16 index)
     * @param end   offset after the last character
     */
    public record Span(int start, int end) {

        public Span {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a sentence spans at least one character: " + start + ".." + end);
            }
        }

        public String of(String text) {
            return text.substring(start, end);
        }
    }

    private Sentences() {
    }

    /** The sentences of {@code text}, in order; none for a blank text. */
    public static List<Span> split(String text) {
        List<Span> spans = new ArrayList<>();
        int start = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean end = c == '\n' || c == '\r' || strongStop(c)
                    || c == '.' && (i + 1 == length || Character.isWhitespace(text.charAt(i + 1)));
            i++;
            if (end) {
                while (i < length && (strongStop(text.charAt(i)) || closing(text.charAt(i)))) {
                    i++;
                }
                add(text, start, i, spans);
                start = i;
            }
        }
        add(text, start, length, spans);
        return spans;
    }

    /**
     * {@code zh} when at least a fifth of the letters are CJK ideographs, {@code en} when there are
     * Latin letters and no such share, {@code und} when the text has no letters.
     */
    public static String language(String text) {
        int cjk = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                    cjk++;
                }
            }
        }
        if (letters == 0) {
            return "und";
        }
        return cjk * 5 >= letters ? "zh" : "en";
    }

    private static boolean strongStop(char c) {
        return c == '。' || c == '！' || c == '？' || c == '；' || c == '!' || c == '?' || c == ';' || c == '…';
    }

    private static boolean closing(char c) {
        return c == '”' || c == '’' || c == '"' || c == '\'' || c == '）' || c == ')' || c == '】' || c == '」';
    }

    private static void add(String text, int from, int to, List<Span> spans) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (to > from) {
            spans.add(new Span(from, to));
        }
    }
}
