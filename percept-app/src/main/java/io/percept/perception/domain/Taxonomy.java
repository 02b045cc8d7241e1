package io.percept.perception.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A complaint taxonomy: topics in order, each with its names and keyword rules per language. The
 * topic {@value #OTHER} is always there: it is given to a negative text no topic matched.
 *
 * @param topics   the topics, in display order
 * @param opinions general opinion words per polarity ({@code negative}, {@code positive}) and language: they
 *                 name no topic but say how a topic named in their clause went
 */
public record Taxonomy(List<Topic> topics, Map<String, Map<String, List<String>>> opinions) {

    public static final String OTHER = "other";

    /**
     * @param id       lower-case letters, digits and '_'
     * @param names    display names per language ({@code zh}, {@code en})
     * @param keywords per language, words that name the topic (its clause's sentiment says how it went)
     * @param negative per language, words that name the topic and judge it badly
     * @param positive per language, words that name the topic and judge it well
     */
    public record Topic(String id, Map<String, String> names, Map<String, List<String>> keywords, Map<String, List<String>> negative,
                        Map<String, List<String>> positive) {

        public Topic {
            if (id == null || !id.matches("[a-z0-9_]{1,40}")) {
                throw new IllegalArgumentException("a topic id is 1-40 lower-case letters, digits or '_', was '" + id + "'");
            }
            names = Map.copyOf(names);
            keywords = copy(keywords);
            negative = copy(negative);
            positive = copy(positive);
        }

        /** A topic named by keywords only. */
        public Topic(String id, Map<String, String> names, Map<String, List<String>> keywords) {
            this(id, names, keywords, Map.of(), Map.of());
        }

        static Map<String, List<String>> copy(Map<String, List<String>> words) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            words.forEach((language, list) -> copy.put(language, List.copyOf(list)));
            return copy;
        }

        /** The name in {@code language}, else in English, else the id. */
        public String name(String language) {
            return names.getOrDefault(language, names.getOrDefault("en", id));
        }
    }

    public Taxonomy {
        List<Topic> all = new ArrayList<>(topics);
        if (all.stream().map(Topic::id).distinct().count() != all.size()) {
            throw new IllegalArgumentException("topic ids must be distinct");
        }
        if (all.stream().noneMatch(topic -> topic.id().equals(OTHER))) {
            all.add(new Topic(OTHER, Map.of("zh", "其他", "en", "Other"), Map.of()));
        }
        topics = List.copyOf(all);
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        opinions.forEach((polarity, words) -> {
            if (!polarity.equals("negative") && !polarity.equals("positive")) {
                throw new IllegalArgumentException("opinions are negative or positive, not '" + polarity + "'");
            }
            copy.put(polarity, Topic.copy(words));
        });
        opinions = copy;
    }

    /** Topics without general opinion words. */
    public Taxonomy(List<Topic> topics) {
        this(topics, Map.of());
    }

    /** The topic ids, in order. */
    public List<String> ids() {
        return topics.stream().map(Topic::id).toList();
    }

    public Topic topic(String id) {
        for (Topic topic : topics) {
            if (topic.id().equals(id)) {
                return topic;
            }
        }
        return null;
    }

    /**
     * Reads a taxonomy from its document form ({@code {topics: [{id, name: {zh, en}, keywords: {zh: [...], en: [...]}}]}},
     * as parsed from YAML or JSON).
     *
     * @param where names the document in error messages
     * @throws IllegalArgumentException naming the topic and field that is wrong
     */
    public static Taxonomy parse(Object document, String where) {
        if (!(document instanceof Map<?, ?> root) || !(root.get("topics") instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(where + ": expected a 'topics' list");
        }
        List<Topic> topics = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + ": topics[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(at + " is not a map");
            }
            Object id = entry.get("id");
            Map<String, String> names = new LinkedHashMap<>();
            if (entry.get("name") instanceof Map<?, ?> given) {
                given.forEach((language, name) -> names.put(String.valueOf(language), String.valueOf(name)));
            } else if (entry.get("name") != null) {
                names.put("en", String.valueOf(entry.get("name")));
            }
            Map<String, List<String>> keywords = words(entry.get("keywords"), at + ".keywords");
            Map<String, List<String>> negative = words(entry.get("negative"), at + ".negative");
            Map<String, List<String>> positive = words(entry.get("positive"), at + ".positive");
            try {
                topics.add(new Topic(id == null ? null : String.valueOf(id), names, keywords, negative, positive));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        Map<String, Map<String, List<String>>> opinions = new LinkedHashMap<>();
        if (root.get("opinions") instanceof Map<?, ?> given) {
            for (Map.Entry<?, ?> polarity : given.entrySet()) {
                opinions.put(String.valueOf(polarity.getKey()), words(polarity.getValue(), where + ": opinions." + polarity.getKey()));
            }
        } else if (root.get("opinions") != null) {
            throw new IllegalArgumentException(where + ": opinions must map negative and positive to languages");
        }
        try {
            return new Taxonomy(topics, opinions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Keyword lists per language, lower-cased, from {@code {zh: [...], en: [...]}}; none when absent. */
    private static Map<String, List<String>> words(Object given, String at) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (given == null) {
            return result;
        }
        if (!(given instanceof Map<?, ?> languages)) {
            throw new IllegalArgumentException(at + " must map languages to lists");
        }
        for (Map.Entry<?, ?> language : languages.entrySet()) {
            if (!(language.getValue() instanceof List<?> list)) {
                throw new IllegalArgumentException(at + "." + language.getKey() + " is not a list");
            }
            List<String> cleaned = new ArrayList<>();
            for (Object word : list) {
                String text = String.valueOf(word).strip().toLowerCase(Locale.ROOT);
                if (text.isEmpty() || text.equals("*")) {
                    throw new IllegalArgumentException(at + "." + language.getKey() + " has an empty keyword");
                }
                cleaned.add(text);
            }
            result.put(String.valueOf(language.getKey()), cleaned);
        }
        return result;
    }
}
