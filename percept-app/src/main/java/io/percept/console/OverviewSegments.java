package io.percept.console;

import io.percept.console.ExecutiveOverview.SegmentChoice;
import io.percept.analytics.text.EmergingThemes;
import io.percept.perception.MemberVoice;
import io.percept.perception.VoiceOfCustomer;
import io.percept.prediction.Predictions;
import io.percept.profile.Profiles;
import io.percept.segmentation.Segments;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segments the overview can be filtered by, named as the segments page names them: every saved
 * segment by its name, and each cluster of the newest prediction run as {@code cluster:N}. A segment's
 * members are its live members now (a saved segment's definition and hand-made additions and removals,
 * a cluster's current holders), with the identifiers the log names them by. SegmentChoices and members are
 * remembered for {@link ExecutiveOverview#REMEMBER} or until more data arrives (each costs one pass
 * over the profiles in memory).
 */
final class OverviewSegments {

    /** A segment's members: their identifiers ({@code user_id:…}, {@code anonymous_id:…}) with the profile holding each. */
    record Members(SegmentChoice segment, Map<String, Long> identifiers) {
    }

    private static final Pattern CLUSTER = Pattern.compile("cluster:(\\d{1,4})");
    private static final Set<String> IDENTIFIERS = Set.of("user_id", "anonymous_id");

    private final Segments segments;
    private final Predictions predictions;
    private final Profiles profiles;
    private final MemberVoice voice;
    private final SegmentFigures figures;
    private final LongSupplier version;
    private final Memo<List<Object>, List<SegmentChoice>> choices;
    private final Memo<List<Object>, Members> members;
    private final Memo<List<Object>, VoiceOfCustomer.Themes> themes;

    /** @param version the data's version: new data is a new key for what is remembered */
    OverviewSegments(Segments segments, Predictions predictions, Profiles profiles, MemberVoice voice, SegmentFigures figures, LongSupplier version,
            Clock clock) {
        this.segments = segments;
        this.voice = voice;
        this.figures = figures;
        this.predictions = predictions;
        this.profiles = profiles;
        this.version = version;
        this.choices = new Memo<>(ExecutiveOverview.REMEMBER, 4, clock);
        this.members = new Memo<>(ExecutiveOverview.REMEMBER, 8, clock);
        this.themes = new Memo<>(ExecutiveOverview.REMEMBER, 8, clock);
    }

    /** The saved segments by name, then the clusters by number, each with its members now. */
    List<SegmentChoice> choices() {
        List<Segments.Segment> saved = segments.list();
        List<Map<String, Object>> clusters = clusters();
        return choices.get(List.of(version.getAsLong(), saved.stream().map(s -> s.name() + "@" + s.updatedAt()).toList(), clusters), () -> {
            List<SegmentChoice> found = new ArrayList<>();
            for (Segments.Segment segment : saved) {
                found.add(new SegmentChoice(segment.name(), segment.name(), segment.name(), segments.members(segment).length));
            }
            Map<Integer, long[]> held = new HashMap<>();
            profiles.forEach((id, facts) -> {
                if (facts.value("cluster") instanceof Number cluster) {
                    held.computeIfAbsent(cluster.intValue(), c -> new long[1])[0]++;
                }
            });
            for (Map<String, Object> cluster : clusters) {
                int number = ((Number) cluster.get("cluster")).intValue();
                found.add(new SegmentChoice("cluster:" + number, String.valueOf(cluster.get("name")), String.valueOf(cluster.get("nameZh")),
                        held.getOrDefault(number, new long[1])[0]));
            }
            return List.copyOf(found);
        });
    }

    /**
     * The members of segment {@code id} now.
     *
     * @throws IllegalArgumentException when no saved segment or cluster of the newest run has that id
     */
    Members members(String id) {
        Optional<Segments.Segment> saved = segments.get(id);
        Matcher cluster = CLUSTER.matcher(id);
        Map<String, Object> run = saved.isPresent() || !cluster.matches() ? null : clusters().stream()
                .filter(c -> c.get("cluster") instanceof Number n && n.intValue() == Integer.parseInt(cluster.group(1))).findFirst().orElse(null);
        if (saved.isEmpty() && run == null) {
            throw new IllegalArgumentException("unknown segment '" + id + "': give a saved segment's name or cluster:N of the newest prediction run, "
                    + "as the segments page lists them");
        }
        return members.get(List.of(id, version.getAsLong(), saved.map(s -> (Object) s.updatedAt()).orElse(run)), () -> {
            long[] ids = saved.isPresent() ? segments.members(saved.get()) : segments.members(segments.parse("cluster = " + cluster.group(1), null));
            SegmentChoice choice = saved.isPresent() ? new SegmentChoice(id, id, id, ids.length)
                    : new SegmentChoice(id, String.valueOf(run.get("name")), String.valueOf(run.get("nameZh")), ids.length);
            return new Members(choice, profiles.identifiersOf(ids, IDENTIFIERS));
        });
    }

    /** The members' texts and survey answers. */
    OverviewTexts texts(Members members) {
        return OverviewTexts.of(voice, members.identifiers().keySet());
    }

    /** The emerging themes of the members' negative texts (the week ending {@code today}), remembered as the members are. */
    VoiceOfCustomer.Themes themes(Members members, LocalDate today) {
        return themes.get(List.of(members.segment().id(), today, version.getAsLong(), members.identifiers().size()),
                () -> voice.themes(today, ExecutiveOverview.THEME_BASELINE_WEEKS, EmergingThemes.Options.defaults(), members.identifiers().keySet()));
    }

    /** The members' orders, revenue and activity. */
    StoreFigures.Pair figures(OverviewFilter filter, Members members) {
        return figures.figures(filter, members);
    }

    /** The members active in the previous period. */
    long previousActive(OverviewFilter filter, Members members) {
        return figures.previousActive(filter, members);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> clusters() {
        Map<String, Object> document = predictions.documents("clusters").get("");
        return document == null || document.get("skipped") != null || !(document.get("clusters") instanceof List<?>) ? List.of()
                : (List<Map<String, Object>>) document.get("clusters");
    }
}
