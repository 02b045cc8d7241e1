package io.percept.segmentation.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The fields a segment may name, with their types: the catalogue the parser checks names and
 * values against. Names with a prefix ending in '.' (e.g. {@code traits.}) admit any suffix; names
 * ending in '(' (e.g. {@code events(}) are windowed aggregates, written {@code events(7d)} or with
 * arguments, {@code events(7d,name=Product Viewed,channel=app)} (the field name the parser makes of
 * {@code events(7d, name = "Product Viewed", channel = "app")}).
 *
 * @param types     the type of each field name or prefix
 * @param arguments for each windowed aggregate ({@code events(}), the arguments it takes in order, each
 *                  with the values it allows (empty: any text)
 */
public record Fields(Map<String, Type> types, Map<String, Map<String, List<String>>> arguments) {

    /** What a field holds. */
    public enum Type {
        NUMBER, TEXT, BOOLEAN, TIME, TEXT_LIST, ANY
    }

    /** Where the next argument of a windowed aggregate field name starts: {@code ,name=}. */
    static final Pattern ARGUMENT = Pattern.compile(",(?=[A-Za-z_][A-Za-z0-9_]*=)");
    private static final Pattern WINDOW = Pattern.compile("\\d+[hdw]");

    public Fields {
        types = Map.copyOf(types);
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<String>>> entry : arguments.entrySet()) {
            if (!entry.getKey().endsWith("(") || !types.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("arguments of " + entry.getKey() + ", which is no windowed aggregate of the fields");
            }
            Map<String, List<String>> ordered = new LinkedHashMap<>();
            entry.getValue().forEach((key, values) -> ordered.put(key, List.copyOf(values)));
            copy.put(entry.getKey(), Collections.unmodifiableMap(ordered));
        }
        arguments = Collections.unmodifiableMap(copy);
    }

    /** A catalogue whose windowed aggregates each take one argument, {@code category} (any text). */
    public Fields(Map<String, Type> types) {
        this(types, categories(types));
    }

    private static Map<String, Map<String, List<String>>> categories(Map<String, Type> types) {
        Map<String, Map<String, List<String>>> arguments = new LinkedHashMap<>();
        types.keySet().stream().filter(name -> name.endsWith("(")).forEach(name -> arguments.put(name, Map.of("category", List.of())));
        return arguments;
    }

    /** Whether {@code name} names windowed aggregates ({@code orders(}): it takes a window and optional arguments. */
    public boolean aggregates(String name) {
        return types.containsKey(name + "(");
    }

    /** The type of {@code name}, or {@code null} when the catalogue does not know it. */
    public Type typeOf(String name) {
        Type exact = types.get(name);
        if (exact != null) {
            return exact;
        }
        int paren = name.indexOf('(');
        if (paren > 0) {
            return aggregates(name.substring(0, paren)) && aggregateProblem(name) == null ? types.get(name.substring(0, paren + 1)) : null;
        }
        int dot = name.indexOf('.');
        return dot > 0 && dot < name.length() - 1 ? types.get(name.substring(0, dot + 1)) : null;
    }

    /** The arguments windowed aggregate {@code aggregate} ({@code events}) takes, in their canonical order. */
    List<String> argumentsOf(String aggregate) {
        return List.copyOf(arguments.getOrDefault(aggregate + "(", Map.of()).keySet());
    }

    /**
     * {@code events(7d,name=x,channel=app)} from its parts, the arguments in canonical order, values
     * allowed from a list as the list spells them.
     */
    String aggregateName(String aggregate, String window, Map<String, String> given) {
        StringBuilder name = new StringBuilder(aggregate).append('(').append(window);
        for (String key : argumentsOf(aggregate)) {
            String value = given.get(key);
            if (value != null) {
                name.append(',').append(key).append('=').append(allowedSpelling(aggregate, key, value));
            }
        }
        return name.append(')').toString();
    }

    private String allowedSpelling(String aggregate, String key, String value) {
        for (String allowed : arguments.get(aggregate + "(").get(key)) {
            if (allowed.equalsIgnoreCase(value)) {
                return allowed;
            }
        }
        return value;
    }

    /** Why {@code key} is no argument of {@code aggregate} (found as {@code found}), with a suggestion; null when it is one. */
    String argumentKeyProblem(String aggregate, String key, String found) {
        List<String> keys = argumentsOf(aggregate);
        if (keys.contains(key)) {
            return null;
        }
        List<String> close = keys.stream().filter(known -> similar(known, key)).toList();
        return "expected " + quoted(keys, "'", " or ") + " in " + aggregate + "(...), found " + found
                + (close.isEmpty() ? "" : "; did you mean " + quoted(close, "'", " or ") + "?");
    }

    /** Why {@code value} cannot be argument {@code key} of {@code aggregate}, with a suggestion; null when it can. */
    String argumentValueProblem(String aggregate, String key, String value) {
        if (value.isBlank()) {
            return "the " + key + " in " + aggregate + "(...) is empty";
        }
        if (value.indexOf(')') >= 0 || ARGUMENT.matcher(value).find()) {
            return "the " + key + " in " + aggregate + "(...) cannot contain ')' or ',word='";
        }
        List<String> allowed = arguments.get(aggregate + "(").get(key);
        if (allowed.isEmpty() || allowed.stream().anyMatch(value::equalsIgnoreCase)) {
            return null;
        }
        List<String> close = allowed.stream().filter(known -> similar(known, value)).toList();
        return "unknown " + key + " \"" + value + "\" in " + aggregate + "(...)"
                + (close.isEmpty() ? "" : "; did you mean " + quoted(close, "\"", " or ") + "?") + " (" + String.join(", ", allowed) + ")";
    }

    /** {@code name}, a valid windowed aggregate field name, in canonical form: window as {@link Expression#durationText}, arguments in order. */
    String canonicalAggregate(String name) {
        int paren = name.indexOf('(');
        String[] parts = ARGUMENT.split(name.substring(paren + 1, name.length() - 1), -1);
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            given.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
        }
        return aggregateName(name.substring(0, paren), Expression.durationText(duration(parts[0])), given);
    }

    /** {@code 30d}, {@code 12h}, {@code 2w} (any case) as a duration. */
    static Duration duration(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
        return switch (lower.charAt(lower.length() - 1)) {
            case 'h' -> Duration.ofHours(amount);
            case 'w' -> Duration.ofDays(7 * amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * Why {@code name} is not a windowed aggregate field name the catalogue allows ({@code events(7d,name=x)}),
     * or null when it is one.
     */
    String aggregateProblem(String name) {
        int paren = name.indexOf('(');
        String aggregate = paren > 0 ? name.substring(0, paren) : name;
        if (!aggregates(aggregate)) {
            return "unknown windowed aggregate '" + aggregate + "'";
        }
        if (!name.endsWith(")")) {
            return "expected ')' to end " + aggregate + "(...)";
        }
        String[] parts = ARGUMENT.split(name.substring(paren + 1, name.length() - 1), -1);
        if (!WINDOW.matcher(parts[0]).matches()) {
            return "expected a window such as 30d, 12h or 2w in " + aggregate + "(...), found '" + parts[0] + "'";
        }
        List<String> seen = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            String key = parts[i].substring(0, equals);
            String problem = argumentKeyProblem(aggregate, key, "'" + key + "'");
            if (problem == null && seen.contains(key)) {
                problem = "'" + key + "' is given twice in " + aggregate + "(...)";
            }
            if (problem == null) {
                problem = argumentValueProblem(aggregate, key, parts[i].substring(equals + 1));
            }
            if (problem != null) {
                return problem;
            }
            seen.add(key);
        }
        return null;
    }

    /** Known names close to {@code name} (edit distance at most 2, or a shared prefix), for "did you mean". */
    public List<String> closeTo(String name) {
        List<String> close = new ArrayList<>();
        for (String known : new TreeMap<>(types).keySet()) {
            if (known.endsWith("(")) {
                continue;
            }
            if (similar(known, name)) {
                close.add(known);
            }
        }
        return close;
    }

    /** The sorted names, for messages. */
    public List<String> names() {
        return new ArrayList<>(new TreeMap<>(types).keySet());
    }

    private static boolean similar(String known, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return distance(known.toLowerCase(Locale.ROOT), lower) <= 2 || lower.length() >= 4 && known.toLowerCase(Locale.ROOT).startsWith(lower);
    }

    private static String quoted(List<String> names, String quote, String last) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : i == names.size() - 1 ? last : ", ").append(quote).append(names.get(i)).append(quote);
        }
        return text.toString();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
