package io.percept.segmentation;

import io.percept.profile.ProfileFields;
import io.percept.profile.ProfileReader;
import io.percept.segmentation.domain.Expression;
import io.percept.segmentation.domain.ExpressionParser;
import io.percept.segmentation.domain.Fields;
import io.percept.segmentation.domain.Membership;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Segments (audiences): named definitions in the segment language, evaluated over the live
 * profiles in memory, with their size history. Thread-safe.
 */
public final class Segments {

    /** A segment as stored. */
    public record Segment(String name, String definition, Object json, String description, Instant createdAt, Instant updatedAt) {
    }

    /**
     * One evaluation.
     *
     * @param size     profiles in the segment
     * @param profiles profiles evaluated
     * @param millis   how long the evaluation took
     * @param sample   up to the requested number of member ids, lowest first
     */
    public record Evaluation(String definition, long size, long profiles, double millis, List<Long> sample) {
    }

    /** A size recorded at a time. */
    public record SizePoint(Instant at, long size, long profiles) {
    }

    private final JdbcClient jdbc;
    private final ProfileReader profiles;
    private final Clock clock;
    private final Fields fields;

    Segments(JdbcClient jdbc, ProfileReader profiles, Clock clock) {
        this.jdbc = jdbc;
        this.profiles = profiles;
        this.clock = clock;
        Map<String, Fields.Type> types = new LinkedHashMap<>();
        ProfileFields.kinds().forEach((name, kind) -> types.put(name, Fields.Type.valueOf(kind.name())));
        this.fields = new Fields(types, ProfileFields.windowArguments());
    }

    /** The fields definitions may name. */
    public Fields fields() {
        return fields;
    }

    /** The fields definitions may name, sorted by name, with their kinds in lower case ({@code number}, {@code text}, ...). */
    public Map<String, String> fieldKinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        fields.types().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> kinds.put(entry.getKey(), entry.getValue().name().toLowerCase()));
        return kinds;
    }

    /**
     * Reads a definition: text in the segment language, or its JSON form.
     *
     * @throws io.percept.segmentation.domain.SegmentSyntaxException pointing at the problem
     */
    public Expression parse(String text, Object json) {
        if ((text == null) == (json == null)) {
            throw new IllegalArgumentException("give either a 'definition' (text) or its 'json' form");
        }
        return text != null ? ExpressionParser.parse(text, fields) : Expression.fromJson(json, fields);
    }

    /**
     * A definition in the segment language as a condition on single profiles.
     *
     * @throws IllegalArgumentException (a {@code SegmentSyntaxException}) saying where the text is wrong
     */
    public SegmentCondition condition(String text) {
        return new SegmentCondition(parse(text, null));
    }

    /** The ids of every live profile that meets {@code expression} now, ascending. */
    public long[] members(Expression expression) {
        return members(Membership.of(expression));
    }

    /** The ids of every live profile in saved segment {@code segment} now (added and removed by hand included), ascending. */
    public long[] members(Segment segment) {
        return members(membership(segment.name(), segment.definition()));
    }

    /** Who is in saved segment {@code name} with {@code definition}: the definition and the profiles' membership tags ({@link SegmentNames}). */
    Membership membership(String name, String definition) {
        return new Membership(ExpressionParser.parse(definition, fields), SegmentNames.addedTag(name), SegmentNames.removedTag(name));
    }

    long[] members(Membership membership) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        long[][] ids = {new long[1024]};
        int[] count = new int[1];
        profiles.forEach((id, facts) -> {
            if (membership.test(facts::value, now)) {
                if (count[0] == ids[0].length) {
                    ids[0] = Arrays.copyOf(ids[0], ids[0].length * 2);
                }
                ids[0][count[0]++] = id;
            }
        });
        long[] result = Arrays.copyOf(ids[0], count[0]);
        Arrays.sort(result);
        return result;
    }

    /** Which of {@code ids} are members now (merged or unknown ids are in none). */
    java.util.Set<Long> membersAmong(Membership membership, long[] ids) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        java.util.Set<Long> in = new java.util.HashSet<>();
        profiles.forEach(ids, (id, facts) -> {
            if (membership.test(facts::value, now)) {
                in.add(id);
            }
        });
        return in;
    }

    /** Records a size of segment {@code name}. */
    void recordSize(String name, long size, long evaluated, double millis) {
        jdbc.sql("INSERT INTO segment_sizes (name, evaluated_at, size, profiles, millis) VALUES (?, ?, ?, ?, ?)")
                .params(name, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), size, evaluated, millis).update();
    }

    /** Parses a definition (text or JSON) and evaluates it over every live profile now. */
    public Evaluation preview(String text, Object json, int sampleSize) {
        return evaluate(parse(text, json), sampleSize);
    }

    /** Evaluates {@code expression} over every live profile now. */
    public Evaluation evaluate(Expression expression, int sampleSize) {
        return evaluate(Membership.of(expression), sampleSize);
    }

    private Evaluation evaluate(Membership membership, int sampleSize) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        long[] size = new long[1];
        long[] sample = new long[Math.max(0, sampleSize)];
        long started = System.nanoTime();
        int total = profiles.forEach((id, facts) -> {
            if (membership.test(facts::value, now)) {
                if (size[0] < sample.length) {
                    sample[(int) size[0]] = id;
                }
                size[0]++;
            }
        });
        double millis = (System.nanoTime() - started) / 1e6;
        long[] kept = Arrays.copyOf(sample, (int) Math.min(size[0], sample.length));
        Arrays.sort(kept);
        List<Long> ids = new ArrayList<>(kept.length);
        for (long id : kept) {
            ids.add(id);
        }
        return new Evaluation(membership.definition().text(), size[0], total, Math.round(millis * 100) / 100.0, ids);
    }

    /**
     * Creates or replaces a segment.
     *
     * @throws IllegalArgumentException for a bad name or definition
     */
    public Segment save(String name, String definition, Object json, String description) {
        if (!SegmentNames.valid(name)) {
            throw new IllegalArgumentException("a segment name is " + SegmentNames.RULE + "; was '" + name + "'");
        }
        Expression expression = parse(definition, json);
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int updated = jdbc.sql("UPDATE segments SET definition = ?, description = ?, updated_at = ? WHERE name = ?")
                .params(expression.text(), description, now, name).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO segments (name, definition, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(name, expression.text(), description, now, now).update();
        }
        return get(name).orElseThrow();
    }

    public Optional<Segment> get(String name) {
        return jdbc.sql("SELECT name, definition, description, created_at, updated_at FROM segments WHERE name = ?").param(name)
                .query((rows, i) -> segment(rows)).optional();
    }

    /** Every segment's stored definition, by name, without parsing them (for the membership's frequent checks). */
    Map<String, String> definitions() {
        Map<String, String> definitions = new LinkedHashMap<>();
        jdbc.sql("SELECT name, definition FROM segments ORDER BY name").query((rows, i) -> definitions.put(rows.getString(1), rows.getString(2)))
                .list();
        return definitions;
    }

    /** Every segment, by name. */
    public List<Segment> list() {
        return jdbc.sql("SELECT name, definition, description, created_at, updated_at FROM segments ORDER BY name").query((rows, i) -> segment(rows))
                .list();
    }

    /** Deletes a segment, its size history and its stored members; false when there was none. */
    public boolean delete(String name) {
        jdbc.sql("DELETE FROM segment_sizes WHERE name = ?").param(name).update();
        jdbc.sql("DELETE FROM segment_members WHERE name = ?").param(name).update();
        return jdbc.sql("DELETE FROM segments WHERE name = ?").param(name).update() > 0;
    }

    /**
     * Evaluates the stored segment {@code name} (profiles added and removed by hand included) and records
     * its size; empty when there is no such segment.
     */
    public Optional<Evaluation> evaluate(String name, int sampleSize) {
        return get(name).map(segment -> {
            Evaluation evaluation = evaluate(membership(name, segment.definition()), sampleSize);
            recordSize(name, evaluation.size(), evaluation.profiles(), evaluation.millis());
            return evaluation;
        });
    }

    /** The recorded sizes of {@code name}, oldest first, at most {@code limit} of the newest. */
    public List<SizePoint> history(String name, int limit) {
        List<SizePoint> points = new ArrayList<>(jdbc.sql("SELECT evaluated_at, size, profiles FROM segment_sizes WHERE name = ? "
                        + "ORDER BY evaluated_at DESC LIMIT ?")
                .params(name, limit)
                .query((rows, i) -> new SizePoint(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rows.getLong(2), rows.getLong(3)))
                .list());
        java.util.Collections.reverse(points);
        return points;
    }

    private Segment segment(java.sql.ResultSet rows) throws java.sql.SQLException {
        String definition = rows.getString(2);
        Object json;
        try {
            json = ExpressionParser.parse(definition, fields).json();
        } catch (IllegalArgumentException e) {
            json = null;
        }
        return new Segment(rows.getString(1), definition, json, rows.getString(3), rows.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rows.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }
}
