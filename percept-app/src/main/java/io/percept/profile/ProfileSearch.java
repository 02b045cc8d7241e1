package io.percept.profile;

import io.percept.identity.Identifier;
import io.percept.profile.domain.ProfileState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed search: filters ({@code field op value}) and a sort ({@code field[:asc|:desc]}). */
final class ProfileSearch {

    private static final Pattern FILTER = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*(>=|<=|!=|=|>|<|~)\\s*(.*)", Pattern.DOTALL);
    /** The attributes searches filter and sort on; their values come from {@link ProfileFields}. */
    private static final List<String> FIELDS = List.of("events", "orders", "revenue", "refunds", "refunded", "netRevenue", "averageOrderValue",
            "firstSeen", "lastSeen", "lastOrder", "country", "region", "city", "preferredChannel", "marketingConsent", "profilingConsent",
            "averageSentiment", "lastSentiment", "complaints", "openComplaints");
    private static final List<String> TIMES = List.of("firstSeen", "lastSeen", "lastOrder");
    /** The "now" passed to {@link ProfileFields#value}: none of {@link #FIELDS} depends on the time. */
    private static final long ANY_TIME = 0;

    private final List<Filter> filters;
    private final Comparator<Map.Entry<Long, ProfileState>> order;
    private final ProfileScores scores;

    private record Filter(String field, String op, String text, Double number) {
    }

    private ProfileSearch(List<Filter> filters, Comparator<Map.Entry<Long, ProfileState>> order, ProfileScores scores) {
        this.filters = filters;
        this.order = order;
        this.scores = scores;
    }

    /** Whether {@code field} is an attribute searches filter and sort on: {@link #FIELDS} or a model score. */
    private static boolean attribute(String field) {
        return FIELDS.contains(field) || ProfileFields.isScore(field);
    }

    /** The attribute names, for messages. */
    private static String attributes() {
        List<String> names = new ArrayList<>(FIELDS);
        names.addAll(ProfileFields.scoreFields().keySet());
        names.add("scores.<target>");
        return String.join(", ", names.stream().sorted().toList());
    }

    /**
     * @param scores the model scores the score fields ({@code churnRisk}, {@code clv}, …) read
     * @throws IllegalArgumentException naming the filter or sort that is wrong
     */
    static ProfileSearch parse(List<String> filters, String sort, ProfileScores scores) {
        List<Filter> parsed = new ArrayList<>();
        for (String filter : filters == null ? List.<String>of() : filters) {
            Matcher matcher = FILTER.matcher(filter.strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("filter '" + filter + "' is not 'field op value' (op: = != > >= < <= ~)");
            }
            String field = matcher.group(1);
            String op = matcher.group(2);
            String text = matcher.group(3).strip();
            requireKnown(field);
            Double number = null;
            if (TIMES.contains(field)) {
                try {
                    Instant at = text.length() == 10 ? Instant.parse(text + "T00:00:00Z") : Instant.parse(text);
                    number = (double) ChronoUnit.MICROS.between(Instant.EPOCH, at);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("filter '" + filter + "': '" + text + "' is not an ISO date or instant");
                }
            } else {
                try {
                    number = Double.valueOf(text);
                } catch (NumberFormatException e) {
                    if (List.of(">", ">=", "<", "<=").contains(op) && attribute(field)) {
                        throw new IllegalArgumentException("filter '" + filter + "': '" + text + "' is not a number");
                    }
                }
            }
            parsed.add(new Filter(field, op, text, number));
        }
        Comparator<Map.Entry<Long, ProfileState>> order = Map.Entry.comparingByKey();
        if (sort != null && !sort.isBlank()) {
            String[] parts = sort.strip().split(":", 2);
            String field = parts[0];
            if (!attribute(field)) {
                throw new IllegalArgumentException("cannot sort by '" + field + "' (sortable: " + attributes() + ")");
            }
            boolean descending = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
            if (parts.length > 1 && !parts[1].equalsIgnoreCase("desc") && !parts[1].equalsIgnoreCase("asc")) {
                throw new IllegalArgumentException("sort direction must be asc or desc, was '" + parts[1] + "'");
            }
            Function<Map.Entry<Long, ProfileState>, Object> getter = entry -> ProfileFields.value(entry.getKey(), entry.getValue(), field,
                    ANY_TIME, scores);
            Comparator<Map.Entry<Long, ProfileState>> byField = Comparator.comparing(getter, Comparator.nullsLast(ProfileSearch::compareValues));
            if (descending) {
                byField = Comparator.comparing(getter, Comparator.nullsLast(((Comparator<Object>) ProfileSearch::compareValues).reversed()));
            }
            order = byField.thenComparing(Map.Entry.comparingByKey());
        }
        return new ProfileSearch(List.copyOf(parsed), order, scores);
    }

    private static void requireKnown(String field) {
        if (attribute(field) || field.startsWith("traits.") && field.length() > 7 || field.matches("[a-z][a-z0-9_]{0,31}")) {
            return;
        }
        throw new IllegalArgumentException("unknown field '" + field + "' (attributes: " + attributes() + "; traits.<name>; or an identifier type)");
    }

    Comparator<Map.Entry<Long, ProfileState>> order() {
        return order;
    }

    boolean matches(long id, ProfileState state, Supplier<List<Identifier>> identifiers) {
        for (Filter filter : filters) {
            if (!matches(filter, id, state, identifiers)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(Filter filter, long id, ProfileState state, Supplier<List<Identifier>> identifiers) {
        if (attribute(filter.field())) {
            return test(filter, ProfileFields.value(id, state, filter.field(), ANY_TIME, scores));
        }
        if (filter.field().startsWith("traits.")) {
            return test(filter, state.trait(filter.field().substring(7)));
        }
        boolean negated = filter.op().equals("!=");
        Filter positive = negated ? new Filter(filter.field(), "=", filter.text(), filter.number()) : filter;
        for (Identifier identifier : identifiers.get()) {
            if (identifier.type().name().equals(filter.field()) && test(positive, identifier.value())) {
                return !negated;
            }
        }
        return negated;
    }

    private static boolean test(Filter filter, Object value) {
        String op = filter.op();
        if (value == null) {
            return op.equals("!=");
        }
        if (op.equals("~")) {
            return value.toString().toLowerCase(Locale.ROOT).contains(filter.text().toLowerCase(Locale.ROOT));
        }
        int comparison;
        if (value instanceof Number number && filter.number() != null) {
            comparison = Double.compare(number.doubleValue(), filter.number());
        } else if (value instanceof Boolean flag) {
            comparison = flag.toString().equalsIgnoreCase(filter.text()) ? 0 : 1;
        } else {
            comparison = value.toString().compareTo(filter.text());
            if (op.equals("=") || op.equals("!=")) {
                comparison = value.toString().equalsIgnoreCase(filter.text()) ? 0 : 1;
            }
        }
        return switch (op) {
            case "=" -> comparison == 0;
            case "!=" -> comparison != 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "<" -> comparison < 0;
            default -> comparison <= 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Comparable x && a.getClass() == b.getClass()) {
            return x.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }
}
