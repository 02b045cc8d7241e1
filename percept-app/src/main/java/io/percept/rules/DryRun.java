package io.percept.rules;

import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LogReader;
import io.percept.eventlog.LoggedEvent;
import io.percept.profile.Profiles;
import io.percept.rules.domain.Firing;
import io.percept.rules.domain.Rule;
import io.percept.rules.domain.RuleEngine;
import io.percept.segmentation.Segments;
import io.percept.segmentation.SegmentCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A rule evaluated over the last days of the log without acting: a fresh engine is fed the events
 * in log order with their own times as "now" (so windows, absence timers and the throttle behave as
 * they would have), and a firing's condition is checked on the profile as it is today (the past
 * profile is not kept). Reports how often the rule would have fired and for whom.
 */
final class DryRun {

    /** Most events a dry run reads. */
    static final int MAX_EVENTS = 5_000_000;

    private final EventLog eventLog;
    private final JdbcClient jdbc;
    private final Profiles profiles;
    private final Segments segments;
    private final Clock clock;

    DryRun(EventLog eventLog, JdbcClient jdbc, Profiles profiles, Segments segments, Clock clock) {
        this.eventLog = eventLog;
        this.jdbc = jdbc;
        this.profiles = profiles;
        this.segments = segments;
        this.clock = clock;
    }

    /**
     * How often {@code rule} would have fired over the last {@code days} days.
     *
     * @param sample how many of the firings to list (the newest)
     */
    Map<String, Object> run(Rule rule, int days, int sample) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be 1 to 366, was " + days);
        }
        long started = System.nanoTime();
        LocalDateTime since = LocalDateTime.ofInstant(clock.instant().minus(Duration.ofDays(days)), ZoneOffset.UTC);
        Long first = jdbc.sql("SELECT min(seq) FROM event_log WHERE received_at >= ?").param(since).query(Long.class).optional().orElse(null);
        SegmentCondition condition = rule.condition() == null ? null : segments.condition(rule.condition());
        RuleEngine engine = new RuleEngine();
        Map<String, Integer> byProfile = new HashMap<>();
        List<Map<String, Object>> firings = new ArrayList<>();
        long events = 0;
        long triggered = 0;
        long conditionFailed = 0;
        long throttled = 0;
        boolean truncated = false;
        if (first != null) {
            try (LogReader reader = eventLog.openReader()) {
                long position = first - 1;
                long head = eventLog.head();
                while (position < head) {
                    List<LoggedEvent> batch = reader.read(position, 10_000);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (LoggedEvent logged : batch) {
                        position = logged.seq();
                        Event event = logged.event();
                        String key = RulesProcessor.profileKey(event);
                        if (key == null || event.source().value().equals(RulesProcessor.SOURCE_NAME)) {
                            continue;
                        }
                        events++;
                        long at = ChronoUnit.MICROS.between(Instant.EPOCH, event.timestamp());
                        List<Firing> proposed = new ArrayList<>(engine.due(at));
                        proposed.addAll(engine.onEvent(rule, key, event, at));
                        for (Firing firing : proposed) {
                            triggered++;
                            long profile = profiles.profilesOf(List.of(firing.profileKey()))[0];
                            if (condition != null && !RulesProcessor.holds(profiles, condition, profile,
                                    ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()))) {
                                conditionFailed++;
                                continue;
                            }
                            if (!engine.record(firing)) {
                                throttled++;
                                continue;
                            }
                            byProfile.merge(firing.profileKey(), 1, Integer::sum);
                            Map<String, Object> one = new LinkedHashMap<>();
                            one.put("at", Instant.EPOCH.plus(firing.atMicros(), ChronoUnit.MICROS).toString());
                            one.put("profileKey", firing.profileKey());
                            one.put("profileId", profile == 0 ? null : profile);
                            one.put("event", firing.trigger().name());
                            one.put("messageId", firing.trigger().messageId().value());
                            firings.add(one);
                            if (firings.size() > sample) {
                                firings.remove(0);
                            }
                        }
                    }
                    if (events >= MAX_EVENTS) {
                        truncated = true;
                        break;
                    }
                }
            }
        }
        long fired = byProfile.values().stream().mapToLong(Integer::longValue).sum();
        List<Map<String, Object>> top = new ArrayList<>();
        byProfile.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20).forEach(entry -> top.add(Map.of("profileKey", entry.getKey(), "firings", entry.getValue())));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("rule", rule.id());
        report.put("days", days);
        report.put("eventsRead", events);
        report.put("truncated", truncated);
        report.put("triggered", triggered);
        report.put("conditionFailed", conditionFailed);
        report.put("throttled", throttled);
        report.put("wouldFire", fired);
        report.put("profiles", byProfile.size());
        report.put("topProfiles", top);
        report.put("latestFirings", firings);
        report.put("pendingTimers", engine.armedTimers());
        report.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1e3);
        report.put("note", "conditions are checked on today's profiles; nothing was acted on");
        return report;
    }
}
