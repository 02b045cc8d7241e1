package io.percept.perception.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a taxonomy's keywords and opinion words in text, with their spans. Chinese keywords match anywhere; others
 * match whole words (case-insensitively), or word beginnings when written with a trailing '*'. At
 * each position the longest keyword wins and matching resumes after it, so 快递小哥 is one cue,
 * not 快递 and 小哥. Immutable and thread-safe once built.
 */
public final class TopicRules {

    /**
     * A keyword found: its topic ({@code null} for a general opinion word), span in the text, the
     * keyword as written in the taxonomy, and its polarity: 0 for a word that names the topic, -1 or +1
     * for one that judges.
     */
    public record Match(String topic, int start, int end, String keyword, int polarity) {
    }

    private record Rule(String topic, String word, boolean prefix, boolean wholeWords, int polarity) {
    }

    /** Rules by their first character, longest first. */
    private final Map<Character, List<Rule>> byFirst = new HashMap<>();

    /** The rules of {@code taxonomy} for {@code language}. */
    public TopicRules(Taxonomy taxonomy, String language) {
        for (Map.Entry<String, Map<String, List<String>>> opinion : taxonomy.opinions().entrySet()) {
            add(null, opinion.getValue().getOrDefault(language, List.of()), opinion.getKey().equals("negative") ? -1 : 1);
        }
        for (Taxonomy.Topic topic : taxonomy.topics()) {
            add(topic.id(), topic.keywords().getOrDefault(language, List.of()), 0);
            add(topic.id(), topic.negative().getOrDefault(language, List.of()), -1);
            add(topic.id(), topic.positive().getOrDefault(language, List.of()), 1);
        }
        byFirst.values().forEach(rules -> rules.sort((a, b) -> b.word().length() - a.word().length()));
    }

    private void add(String topic, List<String> keywords, int polarity) {
        for (String keyword : keywords) {
            boolean prefix = keyword.endsWith("*");
            String word = prefix ? keyword.substring(0, keyword.length() - 1) : keyword;
            boolean latin = word.chars().allMatch(c -> c < 0x2E80);
            byFirst.computeIfAbsent(word.charAt(0), c -> new ArrayList<>()).add(new Rule(topic, word, prefix, latin, polarity));
        }
    }

    /** Whether there are no rules (a language the taxonomy has no keywords for). */
    public boolean isEmpty() {
        return byFirst.isEmpty();
    }

    /** The keywords in {@code text[from, to)}, in order, not overlapping. */
    public List<Match> find(String text, int from, int to) {
        List<Match> matches = new ArrayList<>();
        int i = from;
        while (i < to) {
            List<Rule> rules = byFirst.get(Character.toLowerCase(text.charAt(i)));
            Rule found = null;
            if (rules != null) {
                for (Rule rule : rules) {
                    if (matches(text, i, to, rule)) {
                        found = rule;
                        break;
                    }
                }
            }
            if (found == null) {
                i++;
                continue;
            }
            int end = i + found.word().length();
            if (found.prefix()) {
                while (end < to && Character.isLetterOrDigit(text.charAt(end))) {
                    end++;
                }
            }
            matches.add(new Match(found.topic(), i, end, found.prefix() ? found.word() + "*" : found.word(), found.polarity()));
            i = end;
        }
        return matches;
    }

    private static boolean matches(String text, int at, int to, Rule rule) {
        String word = rule.word();
        int end = at + word.length();
        if (end > to || !text.regionMatches(true, at, word, 0, word.length())) {
            return false;
        }
        if (!rule.wholeWords()) {
            return true;
        }
        boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
        boolean endsWord = rule.prefix() || end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
        return startsWord && endsWord;
    }
}
