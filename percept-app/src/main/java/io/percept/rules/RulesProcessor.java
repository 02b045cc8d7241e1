package io.percept.rules;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventJson;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.JsonValues;
import io.percept.profile.ConsentMode;
import io.percept.profile.ProfileTags;
import io.percept.profile.Profiles;
import io.percept.rules.domain.Action;
import io.percept.rules.domain.Firing;
import io.percept.rules.domain.Purpose;
import io.percept.rules.domain.Rule;
import io.percept.rules.domain.RuleEngine;
import io.percept.rules.domain.Templates;
import io.percept.segmentation.SegmentCondition;
import io.percept.segmentation.SegmentNames;
import io.percept.segmentation.Segments;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code rules} log processor: offers every event to the enabled rules (through the pure
 * {@link RuleEngine}: trigger, window, throttle), checks a firing's condition on the profile and
 * writes the firing in the processor's transaction. A firing's webhooks leave at once, at the end
 * of the batch ({@link Deliveries#submit}: first attempt now, outbox row behind it); its other
 * actions — derived events to the log, alerts to their table — follow the commit. Batches share a
 * transaction for up to {@value #COMMIT_INTERVAL_MILLIS} ms, so no commit stands between an event
 * and its webhook. At-least-once: after a crash the events since the last commit fire again (same
 * idempotency keys, receivers drop repeats), and a committed firing whose webhooks were not yet in
 * the outbox is handed on again at start (the {@code rule_dispatch} watermark). It lingers for no
 * batch. Events from {@value #SOURCE_NAME} (its own derived events) are not offered to rules, so
 * rules cannot loop; events older than {@code max-event-age} (imported history) update windows but
 * fire nothing.
 */
final class RulesProcessor implements LogProcessor {

    static final String SOURCE_NAME = "percept-rules";
    static final long COMMIT_INTERVAL_MILLIS = 250;
    static final SourceName SOURCE = new SourceName(SOURCE_NAME);
    private static final Logger log = LoggerFactory.getLogger(RulesProcessor.class);

    /**
     * A firing whose actions wait for the batch's commit.
     *
     * @param seq the log position it is filed under: its triggering event's, or the log's when a timer ran out
     */
    record Pending(Firing firing, long profileId, String payload, long seq, long receivedMicros) {
    }

    private final Profiles profiles;
    private final Segments segments;
    private final EventLog eventLog;
    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final RulesSettings settings;
    private final ConsentMode consent;
    /** The newest event that states a consent: marketing firings wait for the profiles to take it in. */
    private long consentSeq;
    private volatile List<Rule> current = List.of();
    private final Map<String, SegmentCondition> conditions = new ConcurrentHashMap<>();
    private RuleEngine engine = newEngine();
    /** Whether the engine's throttled triggers count in the statistics (not while replaying). */
    private boolean counting;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Pending> leftOver = new ArrayList<>();
    /** Webhooks of the current batch's firings, submitted at its end. */
    private final List<Delivery> webhooks = new ArrayList<>();
    /** Completes when every webhook submitted so far is in the outbox. */
    private CompletableFuture<Void> stored = CompletableFuture.completedFuture(null);
    /** Events up to this position are replayed into the engine's state after a start, without acting. */
    private long replayUntil = -1;
    private final RuleStats stats;

    RulesProcessor(Profiles profiles, Segments segments, EventLog eventLog, Deliveries deliveries, JdbcClient jdbc, Clock clock,
            RulesSettings settings, RuleStats stats, ConsentMode consent) {
        this.consent = consent;
        this.profiles = profiles;
        this.segments = segments;
        this.eventLog = eventLog;
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.stats = stats;
    }

    private RuleEngine newEngine() {
        RuleEngine created = new RuleEngine();
        created.onThrottled(rule -> {
            if (counting) {
                stats.throttled(rule.id());
            }
        });
        return created;
    }

    /** The enabled rules changed (called by {@link Rules}). */
    void use(List<Rule> enabled) {
        conditions.clear();
        current = List.copyOf(enabled);
    }

    @Override
    public String name() {
        return "rules";
    }

    /** No batching delay while rules run (their actions follow events within milliseconds); the default otherwise. */
    @Override
    public Duration linger() {
        return current.isEmpty() ? null : Duration.ZERO;
    }

    @Override
    public Duration commitInterval() {
        return Duration.ofMillis(COMMIT_INTERVAL_MILLIS);
    }

    @Override
    public long restore(Connection connection, long checkpoint) throws Exception {
        engine = newEngine();
        pending.clear();
        webhooks.clear();
        leftOver.clear();
        replayUntil = checkpoint;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT profile_id, payload, seq FROM rule_firings WHERE seq > (SELECT max(position) FROM rule_dispatch) ORDER BY seq")) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    leftOver.add(new Pending(null, rows.getLong(1), rows.getString(2), rows.getLong(3), 0));
                }
            }
        }
        long span = 0;
        for (Rule rule : current) {
            span = Math.max(span, RuleSpans.span(rule).toMillis());
        }
        if (span == 0 || checkpoint == 0) {
            return checkpoint;
        }
        LocalDateTime since = LocalDateTime.ofInstant(clock.instant().minusMillis(span), ZoneOffset.UTC);
        try (PreparedStatement statement = connection.prepareStatement("SELECT min(seq) FROM event_log WHERE received_at >= ? AND seq <= ?")) {
            statement.setObject(1, since);
            statement.setLong(2, checkpoint);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next() && rows.getObject(1) != null) {
                    return Math.max(0, Math.min(checkpoint, rows.getLong(1) - 1));
                }
            }
        }
        return checkpoint;
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        List<Rule> rules = current;
        long now = micros(clock.instant());
        long oldest = oldest(now);
        for (LoggedEvent logged : batch) {
            Event event = logged.event();
            if (ConsentMode.statesConsent(event)) {
                consentSeq = logged.seq();
            }
            if (event.source().value().equals(SOURCE_NAME) || rules.isEmpty()) {
                continue;
            }
            String key = profileKey(event);
            if (key == null) {
                continue;
            }
            long eventMicros = micros(event.timestamp());
            boolean acting = logged.seq() > replayUntil && eventMicros >= oldest;
            counting = acting;
            for (Rule rule : rules) {
                List<Firing> firings = engine.onEvent(rule, key, event, acting ? now : eventMicros);
                if (acting) {
                    for (Firing firing : firings) {
                        act(firing, logged.seq(), micros(event.receivedAt()));
                    }
                }
            }
        }
        if (!rules.isEmpty() && batch.get(batch.size() - 1).seq() > replayUntil) {
            counting = true;
            for (Firing firing : engine.due(now)) {
                // a timer armed by history that ran out longer ago than max-event-age is history too
                if (firing.atMicros() >= oldest) {
                    act(firing, batch.get(batch.size() - 1).seq(), now);
                }
            }
        }
        if (!webhooks.isEmpty()) {
            stored = deliveries.submit(List.copyOf(webhooks));
            webhooks.clear();
        }
    }

    @Override
    public void committed(long position) {
        List<Pending> ready = List.copyOf(pending);
        pending.clear();
        if (!leftOver.isEmpty()) {
            List<Pending> left = List.copyOf(leftOver);
            leftOver.clear();
            dispatch(left, true);
        }
        if (!ready.isEmpty()) {
            dispatch(ready, false);
            // the watermark moves once the batch's webhooks, submitted ahead of the commit, are in the outbox
            stored.thenRun(() -> dispatchedUpTo(position)).exceptionally(e -> {
                log.warn("Rule firings up to seq {} stay marked undispatched: {}", position, e.toString());
                return null;
            });
        }
    }

    /** Records that the firings up to {@code position} have been handed on. */
    private void dispatchedUpTo(long position) {
        jdbc.sql("UPDATE rule_dispatch SET position = ? WHERE position < ?").params(position, position).update();
    }

    @Override
    public void idle(long position) throws Exception {
        if (!leftOver.isEmpty()) {
            List<Pending> left = List.copyOf(leftOver);
            leftOver.clear();
            if (dispatch(left, true)) {
                // read in log order: the last is the newest
                dispatchedUpTo(left.get(left.size() - 1).seq());
            }
        }
        if (current.isEmpty() || engine.armedTimers() == 0) {
            return;
        }
        counting = true;
        List<Firing> due = engine.due(micros(clock.instant()));
        if (due.isEmpty()) {
            return;
        }
        // timers that run out while no event arrives: their firings are written outside a batch
        List<Pending> ready = new ArrayList<>();
        long oldest = oldest(micros(clock.instant()));
        for (Firing firing : due) {
            Pending one = firing.atMicros() >= oldest ? prepare(firing, position, micros(clock.instant())) : null;
            if (one != null) {
                insert(one);
                ready.add(one);
            }
        }
        if (dispatch(ready, true)) {
            dispatchedUpTo(position);
        }
    }

    /**
     * Checks the condition, records the firing (throttle) and writes it in the batch's transaction;
     * its webhooks leave at the end of the batch, its other actions wait for the commit.
     */
    private void act(Firing firing, long seq, long receivedMicros) throws Exception {
        Pending ready = prepare(firing, seq, receivedMicros);
        if (ready != null) {
            pending.add(ready);
            webhooks.addAll(webhooks(firing.rule(), firing.idempotencyKey(), ready.payload()));
        }
    }

    /** The oldest event time (or timer due time) that still acts at {@code nowMicros}: older is history. */
    private long oldest(long nowMicros) {
        return nowMicros - settings.maxEventAge().toNanos() / 1_000;
    }

    /** The deliveries of the webhook actions of a firing of {@code rule} with idempotency key {@code firingKey}. */
    private static List<Delivery> webhooks(Rule rule, String firingKey, String payload) {
        List<Action> actions = rule.actions();
        List<Delivery> result = new ArrayList<>(1);
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof Action.Webhook webhook) {
                result.add(new Delivery(rule.id(), actionKey(rule, firingKey, i), webhook.url(), webhook.secret(), payload, webhook.timeout(),
                        webhook.maxAttempts(), webhook.batch()));
            }
        }
        return result;
    }

    /** The idempotency key of action {@code index} of a firing: the firing's own when the rule has one action. */
    private static String actionKey(Rule rule, String firingKey, int index) {
        return rule.actions().size() == 1 ? firingKey : firingKey + "#" + index;
    }

    /** Writes the firings of the batches since the last commit, with the appender, in the commit's transaction. */
    @Override
    public void beforeCommit(Connection connection) throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        try (org.duckdb.DuckDBAppender appender = io.percept.platform.EmbeddedStore.appender(connection, "rule_firings")) {
            for (Pending ready : pending) {
                Firing firing = ready.firing();
                appender.beginRow().append(firing.rule().id()).append(firing.idempotencyKey()).append(firing.profileKey());
                if (ready.profileId() == 0) {
                    appender.appendNull();
                } else {
                    appender.append(ready.profileId());
                }
                appender.append(ready.seq()).appendEpochMicros(ready.receivedMicros()).appendEpochMicros(firing.atMicros()).append(ready.payload())
                        .endRow();
            }
        }
    }

    /** Writes a firing of a timer that ran out while the log was idle (outside a batch). */
    private void insert(Pending ready) {
        jdbc.sql("INSERT INTO rule_firings (rule_id, idempotency_key, profile_key, profile_id, seq, event_received, fired_at, payload) "
                        + "VALUES (?, ?, ?, ?, ?, NULL, ?, ?)")
                .params(ready.firing().rule().id(), ready.firing().idempotencyKey(), ready.firing().profileKey(),
                        ready.profileId() == 0 ? null : ready.profileId(), ready.seq(), LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                        ready.payload()).update();
    }

    /**
     * The firing ready to act on, or null when its condition does not hold, the throttle stops it, or
     * it is a marketing rule and the profile (as of the triggering event) has no marketing consent.
     */
    private Pending prepare(Firing firing, long seq, long receivedMicros) throws InterruptedException {
        Rule rule = firing.rule();
        boolean marketing = rule.purpose() == Purpose.MARKETING;
        long profileId = profileOf(firing.profileKey(), seq, rule.condition() != null, marketing ? Math.min(seq, consentSeq) : 0);
        if (marketing && !consent.allowsMarketing(profiles, profileId)) {
            stats.skippedNoConsent(rule.id(), firing.idempotencyKey(), profileId, micros(clock.instant()));
            log.debug("Rule {}: firing {} skipped: no marketing consent (profile {})", rule.id(), firing.idempotencyKey(), profileId);
            return null;
        }
        if (rule.condition() != null) {
            SegmentCondition condition = conditions.computeIfAbsent(rule.id(), id -> segments.condition(rule.condition()));
            if (!holds(profiles, condition, profileId, micros(clock.instant()))) {
                stats.conditionFailed(rule.id());
                return null;
            }
        }
        if (!engine.record(firing)) {
            stats.throttled(rule.id());
            return null;
        }
        // the profile summary goes to webhooks and alerts only: emit and setTraits rules skip building the view
        boolean summarised = rule.actions().stream().anyMatch(action -> action instanceof Action.Webhook || action instanceof Action.Alert);
        Map<String, Object> profile = profileId == 0 || !summarised ? null : profiles.summary(profileId).orElse(null);
        String payload = payload(firing, profile);
        stats.fired(rule.id(), micros(clock.instant()) - receivedMicros);
        return new Pending(firing, profileId, payload, seq, receivedMicros);
    }

    /** Whether live profile {@code profileId} (0: none) meets {@code condition} at {@code nowMicros}. */
    static boolean holds(Profiles profiles, SegmentCondition condition, long profileId, long nowMicros) {
        boolean[] holds = {false};
        if (profileId != 0) {
            profiles.forEach(new long[] {profileId}, (id, facts) -> holds[0] = condition.test(facts::value, nowMicros));
        }
        return holds[0];
    }

    /**
     * The live profile of a key; waits (up to {@code profile-wait}) for the profiles to take in event
     * {@code seq} when the profile is {@code needed} and unknown yet, and to take in event
     * {@code mustSee} in any case (the newest consent statement up to the firing's event: consent
     * decides on the latest statement, and the profiles may be a batch behind). Most firings wait for
     * nothing: consent statements are rare, and the profiles have usually taken them in already.
     */
    private long profileOf(String key, long seq, boolean needed, long mustSee) throws InterruptedException {
        long id = profiles.profilesOf(List.of(key))[0];
        long until = Math.max(id == 0 && needed ? seq : 0, mustSee);
        if (profiles.position() >= until) {
            return id;
        }
        long deadline = System.nanoTime() + settings.profileWait().toNanos();
        while (profiles.position() < until && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return profiles.profilesOf(List.of(key))[0];
    }

    /** The webhook body: the rule, the firing, the triggering event and a summary of the profile (null: none). */
    private static String payload(Firing firing, Map<String, Object> profile) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", firing.rule().id());
        rule.put("name", firing.rule().name());
        // the event is written once, as the log's JSON, not parsed and written again
        return new StringBuilder(1024).append("{\"rule\":").append(JsonValues.toJson(rule)).append(",\"idempotencyKey\":")
                .append(JsonValues.toJson(firing.idempotencyKey())).append(",\"firedAt\":")
                .append(JsonValues.toJson(Instant.EPOCH.plus(firing.atMicros(), ChronoUnit.MICROS).toString())).append(",\"event\":")
                .append(EventJson.write(firing.trigger())).append(",\"profile\":").append(profile == null ? "null" : JsonValues.toJson(profile))
                .append('}').toString();
    }

    /**
     * Hands on the actions of ready firings; false when the webhooks could not be queued (they are
     * tried again at the next start).
     *
     * @param withWebhooks whether to queue their webhooks too (false: they were submitted with the batch)
     */
    private boolean dispatch(List<Pending> ready, boolean withWebhooks) {
        if (ready.isEmpty()) {
            return true;
        }
        List<Event> derived = new ArrayList<>();
        List<Delivery> queued = new ArrayList<>();
        for (Pending one : ready) {
            if (one.firing() == null) {
                redeliver(one);
                continue;
            }
            Firing firing = one.firing();
            if (withWebhooks) {
                queued.addAll(webhooks(firing.rule(), firing.idempotencyKey(), one.payload()));
            }
            List<Action> actions = firing.rule().actions();
            for (int i = 0; i < actions.size(); i++) {
                Action action = actions.get(i);
                String key = actionKey(firing.rule(), firing.idempotencyKey(), i);
                try {
                    if (action instanceof Action.Emit emit) {
                        derived.add(derived(firing, emit, one.profileId()));
                    } else if (action instanceof Action.SetTraits setTraits) {
                        derived.add(traits(firing, setTraits, one.profileId()));
                    } else if (action instanceof Action.Tag tag) {
                        derived.add(identify(firing, tags(firing, tag, one.profileId()), key + "|tags"));
                    } else if (action instanceof Action.Segment segment) {
                        derived.add(identify(firing, membership(segment), key + "|segment"));
                    } else if (action instanceof Action.Alert alert) {
                        alert(firing, alert, one, key);
                    }
                } catch (RuntimeException e) {
                    log.warn("Rule {}: action {} of firing {} failed: {}", firing.rule().id(), i, firing.idempotencyKey(), e.toString());
                }
            }
        }
        if (!queued.isEmpty()) {
            try {
                deliveries.enqueueAll(queued);
            } catch (RuntimeException e) {
                log.warn("{} webhooks could not be queued: {}", queued.size(), e.toString());
                return false;
            }
        }
        if (!derived.isEmpty()) {
            eventLog.append(derived).exceptionally(e -> {
                log.warn("Derived events of {} firings could not be appended: {}", ready.size(), e.toString());
                return null;
            });
        }
        return true;
    }

    /** A firing left undispatched by a crash: its webhooks again (the outbox drops a repeated key); derived events and alerts are not repeated. */
    private void redeliver(Pending left) {
        Map<String, Object> body = JsonValues.parseObject(left.payload());
        Object ruleId = body.get("rule") instanceof Map<?, ?> rule ? rule.get("id") : null;
        Rule rule = current.stream().filter(r -> r.id().equals(ruleId)).findFirst().orElse(null);
        if (rule != null) {
            deliveries.enqueueAll(webhooks(rule, String.valueOf(body.get("idempotencyKey")), left.payload()));
        }
    }

    private Event derived(Firing firing, Action.Emit emit, long profileId) {
        Object rendered = Templates.renderValue(emit.properties(), firing, field -> profileField(profileId, field));
        Map<String, Object> properties = new LinkedHashMap<>();
        if (rendered instanceof Map<?, ?> map) {
            map.forEach((name, value) -> properties.put(String.valueOf(name), value));
        }
        properties.put("rule", firing.rule().id());
        properties.put("trigger_message_id", firing.trigger().messageId().value());
        Instant now = clock.instant();
        UUID id = UUID.nameUUIDFromBytes((firing.idempotencyKey() + "|" + emit.event()).getBytes(StandardCharsets.UTF_8));
        return Event.builder(EventType.TRACK, new MessageId(id.toString()), SOURCE, Channel.SYSTEM).name(emit.event())
                .userId(firing.trigger().userId()).anonymousId(firing.trigger().anonymousId()).properties(Attributes.copyOf(properties))
                .timestamp(now).receivedAt(now).build();
    }

    /** The traits of a setTraits action, rendered, in an identify event ({@link #identify}). */
    private Event traits(Firing firing, Action.SetTraits setTraits, long profileId) {
        Object rendered = Templates.renderValue(setTraits.traits(), firing, field -> profileField(profileId, field));
        Map<String, Object> traits = new LinkedHashMap<>();
        if (rendered instanceof Map<?, ?> map) {
            map.forEach((name, value) -> traits.put(String.valueOf(name), value));
        }
        return identify(firing, traits, firing.idempotencyKey() + "|traits");
    }

    /**
     * The tag change of a tag action ({@link ProfileTags#change}), its tags rendered; a rendered tag that
     * is blank, too long or a segment's membership tag is left out.
     */
    private Map<String, Object> tags(Firing firing, Action.Tag tag, long profileId) {
        return ProfileTags.change(rendered(tag.add(), firing, profileId), rendered(tag.remove(), firing, profileId));
    }

    private List<String> rendered(List<String> tags, Firing firing, long profileId) {
        List<String> rendered = new ArrayList<>(tags.size());
        for (String tag : tags) {
            Object value = Templates.renderValue(tag, firing, field -> profileField(profileId, field));
            String text = value == null ? "" : String.valueOf(value).strip();
            if (!text.isEmpty() && text.length() <= ProfileTags.LONGEST && !SegmentNames.reserved(text)) {
                rendered.add(text);
            }
        }
        return rendered;
    }

    /** A segment action as a tag change ({@link SegmentNames}): its membership tag in and the opposite one out, or both out (reset). */
    private static Map<String, Object> membership(Action.Segment segment) {
        String added = SegmentNames.addedTag(segment.name());
        String removed = SegmentNames.removedTag(segment.name());
        return switch (segment.change()) {
            case ADD -> ProfileTags.change(List.of(added), List.of(removed));
            case REMOVE -> ProfileTags.change(List.of(removed), List.of(added));
            case RESET -> ProfileTags.change(List.of(), List.of(added, removed));
        };
    }

    /**
     * An identify event with {@code traits} on channel system from {@value #SOURCE_NAME}, for the ids of the
     * firing's trigger: the profiles apply it to the customer without counting an event. Its message id
     * derives from {@code key}, so a repeated firing repeats the same event.
     */
    private Event identify(Firing firing, Map<String, Object> traits, String key) {
        Instant now = clock.instant();
        UUID id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
        return Event.builder(EventType.IDENTIFY, new MessageId(id.toString()), SOURCE, Channel.SYSTEM).userId(firing.trigger().userId())
                .anonymousId(firing.trigger().anonymousId()).traits(Attributes.copyOf(traits)).timestamp(now).receivedAt(now).build();
    }

    private Object profileField(long profileId, String field) {
        Object[] value = {null};
        if (profileId != 0) {
            profiles.forEach(new long[] {profileId}, (id, facts) -> value[0] = facts.value(field));
        }
        return value[0];
    }

    private void alert(Firing firing, Action.Alert alert, Pending one, String key) {
        String title = Templates.render(alert.title(), firing, field -> profileField(one.profileId(), field));
        String message = alert.message() == null ? null : Templates.render(alert.message(), firing, field -> profileField(one.profileId(), field));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("firing", JsonValues.parseObject(one.payload()));
        long id = jdbc.sql("SELECT coalesce(max(alert_id), 0) + 1 FROM rule_alerts").query(Long.class).single();
        jdbc.sql("INSERT INTO rule_alerts (alert_id, rule_id, idempotency_key, profile_id, severity, title, detail, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, firing.rule().id(), key, one.profileId() == 0 ? null : one.profileId(), alert.severity().wireName(), title,
                        JsonValues.toJson(detail), LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        if (alert.webhook() != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("alert", Map.of("id", id, "severity", alert.severity().wireName(), "title", title));
            body.put("message", message);
            body.put("firing", JsonValues.parseObject(one.payload()));
            deliveries.enqueue(Delivery.of(firing.rule().id(), key + ":alert", alert.webhook(), alert.secret(), JsonValues.toJson(body)));
        }
    }

    /** The identifier the unify processor files an event's profile under: its user id, else its anonymous id. */
    static String profileKey(Event event) {
        if (event.userId() != null) {
            return "user_id:" + event.userId();
        }
        return event.anonymousId() == null ? null : "anonymous_id:" + event.anonymousId();
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
