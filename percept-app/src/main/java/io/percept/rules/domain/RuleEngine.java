package io.percept.rules.domain;

import io.percept.eventlog.Event;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Runs rules on a profile's events: keeps, per rule and profile, the count/sum window, the armed
 * absence timers and the recorded firings the throttle counts, and proposes {@link Firing}s.
 * Pure and deterministic (time comes in as epoch microseconds; window and timer times are the
 * events' {@code timestamp}s), and not thread-safe: one thread feeds it.
 *
 * <p>The contract, per event or timer: <b>trigger</b> (the rule's {@code when} matches) →
 * <b>window</b> (count/sum reached over the last T up to the trigger, or the absence timer ran
 * out uncancelled) → <b>throttle pre-check</b> (a firing the recorded ones already throttle is not
 * proposed) → the caller evaluates the rule's <b>condition</b> ({@code if}) on the profile →
 * the caller calls {@link #record} which checks the <b>throttle</b> again and counts the firing →
 * only if it returned {@code true}, the caller runs the actions. So a firing whose condition failed
 * neither uses the throttle nor consumes the window.
 *
 * <p>Bounds: per rule at most {@code maxProfilesPerRule} profiles are tracked; touching one more
 * forgets the least recently touched one with its window, timers and throttle history (it may
 * then fire again sooner than its throttle says, or miss an absence). A count window keeps at most
 * {@code atLeast} times per profile, a sum window at most {@value #MAX_SUM_ENTRIES} amounts (the
 * oldest dropped), a throttle at most {@code max} firing times; a profile left with none of these
 * after a timer fired or was cancelled is forgotten. Events are expected in roughly
 * time order: an event older than the window's newest by more than T does not count.
 *
 * <p>A rule is keyed by its id: offering an edited rule (not {@code equals} the one it knows)
 * forgets the old one's state first, as {@link #remove} does; a disabled rule is forgotten and
 * never fires.
 */
public final class RuleEngine {

    /** Profiles tracked per rule unless told otherwise. */
    public static final int DEFAULT_MAX_PROFILES_PER_RULE = 100_000;
    /** The most amounts a sum window keeps per profile. */
    public static final int MAX_SUM_ENTRIES = 1_000;

    private final int maxProfilesPerRule;
    private final Map<String, RuleState> rules = new LinkedHashMap<>();
    private final TreeSet<Timer> timers = new TreeSet<>(Comparator.comparingLong(Timer::dueMicros).thenComparingLong(Timer::sequence));
    private long sequence;
    private Consumer<Rule> throttledListener = rule -> {
    };

    /** An engine tracking at most {@value #DEFAULT_MAX_PROFILES_PER_RULE} profiles per rule. */
    public RuleEngine() {
        this(DEFAULT_MAX_PROFILES_PER_RULE);
    }

    /** An engine tracking at most {@code maxProfilesPerRule} (at least 1) profiles per rule. */
    public RuleEngine(int maxProfilesPerRule) {
        if (maxProfilesPerRule < 1) {
            throw new IllegalArgumentException("maxProfilesPerRule must be at least 1");
        }
        this.maxProfilesPerRule = maxProfilesPerRule;
    }

    /** Told of each trigger (an event, or a timer running out) that the throttle's recorded firings hold back before it becomes a firing. */
    public void onThrottled(Consumer<Rule> listener) {
        this.throttledListener = listener;
    }

    /**
     * Offers a profile's event to a rule. Updates the rule's window (an event the window counts),
     * cancels the profile's absence timers armed before the event (an event the {@code absent}
     * match describes) and arms one at the event's time + T (a triggering event of an absence
     * rule).
     *
     * @param profileKey the profile the event belongs to, as the caller keys profiles
     * @param nowMicros  the current time in epoch microseconds (the proposed firing's time)
     * @return the proposed firing (at most one), or nothing; absence rules only fire from {@link #due}
     */
    public List<Firing> onEvent(Rule rule, String profileKey, Event event, long nowMicros) {
        if (!rule.enabled()) {
            remove(rule.id());
            return List.of();
        }
        RuleState state = stateOf(rule);
        boolean triggers = rule.when().matches(event);
        long eventMicros = micros(event.timestamp());
        if (rule.window() instanceof Window.Absent absent) {
            if (absent.event().matches(event)) {
                cancelTimers(state, profileKey, eventMicros);
            }
            if (triggers) {
                arm(state, profileKey, event, eventMicros + Durations.micros(absent.within()));
            }
            return List.of();
        }
        if (rule.window() instanceof Window.Accumulating window) {
            boolean counted = window.event() == null ? triggers : window.event().matches(event);
            double amount = counted ? window.amount(event) : Double.NaN;
            if (!Double.isNaN(amount)) {
                int capacity = window instanceof Window.Count count ? count.atLeast() : MAX_SUM_ENTRIES;
                state.profile(profileKey).add(eventMicros, amount, capacity, Durations.micros(window.within()));
            }
            if (!triggers) {
                return List.of();
            }
            ProfileState profile = state.profiles.get(profileKey);
            if (profile == null || profile.total(eventMicros - Durations.micros(window.within()), eventMicros) < window.threshold()) {
                return List.of();
            }
        }
        if (!triggers) {
            return List.of();
        }
        if (throttled(state, profileKey, nowMicros)) {
            throttledListener.accept(rule);
            return List.of();
        }
        return List.of(new Firing(rule, profileKey, event, nowMicros));
    }

    /**
     * The absence timers due by {@code nowMicros}, in due-time order (ties in the order they were
     * armed), as firings at their due time; each timer is consumed, also when the throttle's
     * recorded firings hold it back.
     */
    public List<Firing> due(long nowMicros) {
        List<Firing> firings = new ArrayList<>();
        while (!timers.isEmpty() && timers.first().dueMicros() <= nowMicros) {
            Timer timer = timers.pollFirst();
            ProfileState profile = timer.state().profiles.get(timer.profileKey());
            if (profile != null) {
                profile.armed.remove(timer);
                timer.state().forgetIfIdle(timer.profileKey(), profile);
            }
            if (!throttled(timer.state(), timer.profileKey(), timer.dueMicros())) {
                firings.add(new Firing(timer.state().rule, timer.profileKey(), timer.trigger(), timer.dueMicros()));
            } else {
                throttledListener.accept(timer.state().rule);
            }
        }
        return firings;
    }

    /**
     * Records that the caller is about to act on {@code firing} (its condition held): counts it for
     * the throttle and, for a count/sum window, empties the window up to the trigger so the next
     * firing needs a full window again.
     *
     * @return {@code true} if the caller should act; {@code false} if the throttle is full (firings
     *         proposed together, e.g. two timers due at once) or the rule was edited or removed since
     */
    public boolean record(Firing firing) {
        Rule rule = firing.rule();
        RuleState state = rules.get(rule.id());
        if (state == null || !state.rule.equals(rule)) {
            return false;
        }
        if (rule.throttle() != null) {
            if (throttled(state, firing.profileKey(), firing.atMicros())) {
                return false;
            }
            state.profile(firing.profileKey()).fired.addLast(firing.atMicros());
        }
        if (rule.window() instanceof Window.Accumulating) {
            ProfileState profile = state.profiles.get(firing.profileKey());
            if (profile != null) {
                profile.clearUpTo(micros(firing.trigger().timestamp()));
            }
        }
        return true;
    }

    /** Forgets a rule's windows, timers and throttle history (when it is edited, disabled or deleted). */
    public void remove(String ruleId) {
        RuleState state = rules.remove(ruleId);
        if (state != null) {
            timers.removeIf(timer -> timer.state() == state);
        }
    }

    /** How many profiles the engine tracks for a rule. */
    public int trackedProfiles(String ruleId) {
        RuleState state = rules.get(ruleId);
        return state == null ? 0 : state.profiles.size();
    }

    /** How many absence timers are armed, over all rules. */
    public int armedTimers() {
        return timers.size();
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private RuleState stateOf(Rule rule) {
        RuleState state = rules.get(rule.id());
        if (state != null && state.rule != rule && !state.rule.equals(rule)) {
            remove(rule.id());
            state = null;
        }
        if (state == null) {
            state = new RuleState(rule);
            rules.put(rule.id(), state);
        }
        return state;
    }

    private void arm(RuleState state, String profileKey, Event trigger, long dueMicros) {
        ProfileState profile = state.profile(profileKey);
        for (Timer timer : profile.armed) {
            if (timer.trigger().messageId().equals(trigger.messageId())) {
                return;
            }
        }
        Timer timer = new Timer(state, profileKey, trigger, micros(trigger.timestamp()), dueMicros, sequence++);
        profile.armed.add(timer);
        timers.add(timer);
    }

    private static void cancelTimers(RuleState state, String profileKey, long eventMicros) {
        ProfileState profile = state.profiles.get(profileKey);
        if (profile == null) {
            return;
        }
        for (Iterator<Timer> armed = profile.armed.iterator(); armed.hasNext(); ) {
            Timer timer = armed.next();
            if (timer.armedMicros() <= eventMicros) {
                armed.remove();
                state.timers().remove(timer);
            }
        }
        state.forgetIfIdle(profileKey, profile);
    }

    private static boolean throttled(RuleState state, String profileKey, long atMicros) {
        Throttle throttle = state.rule.throttle();
        if (throttle == null) {
            return false;
        }
        ProfileState profile = state.profiles.get(profileKey);
        if (profile == null) {
            return false;
        }
        long since = atMicros - Durations.micros(throttle.per());
        while (!profile.fired.isEmpty() && profile.fired.peekFirst() <= since) {
            profile.fired.removeFirst();
        }
        return profile.fired.size() >= throttle.max();
    }

    /** An armed absence timer. */
    private record Timer(RuleState state, String profileKey, Event trigger, long armedMicros, long dueMicros, long sequence) {
    }

    /** A rule's per-profile state, least recently touched profile first. */
    private final class RuleState {

        final Rule rule;
        final LinkedHashMap<String, ProfileState> profiles = new LinkedHashMap<>(16, 0.75f, true);

        RuleState(Rule rule) {
            this.rule = rule;
        }

        TreeSet<Timer> timers() {
            return timers;
        }

        /** Drops a profile that holds nothing: no window entries, timers or firing times. */
        void forgetIfIdle(String profileKey, ProfileState profile) {
            if (profile.armed.isEmpty() && profile.fired.isEmpty() && profile.size == 0) {
                profiles.remove(profileKey);
            }
        }

        /** The profile's state, created (evicting the least recently touched one if full) when new. */
        ProfileState profile(String profileKey) {
            ProfileState profile = profiles.get(profileKey);
            if (profile == null) {
                if (profiles.size() >= maxProfilesPerRule) {
                    Iterator<ProfileState> eldest = profiles.values().iterator();
                    timers.removeAll(eldest.next().armed);
                    eldest.remove();
                }
                profile = new ProfileState();
                profiles.put(profileKey, profile);
            }
            return profile;
        }
    }

    /** One profile's window entries (sorted by time), armed timers and recorded firing times. */
    private static final class ProfileState {

        final List<Timer> armed = new ArrayList<>(1);
        final ArrayDeque<Long> fired = new ArrayDeque<>(1);
        private long[] times = new long[0];
        private double[] amounts = new double[0];
        private int size;

        void add(long micros, double amount, int capacity, long windowMicros) {
            long newest = size == 0 ? micros : Math.max(micros, times[size - 1]);
            dropWhile(time -> time <= newest - windowMicros);
            if (micros <= newest - windowMicros) {
                return;
            }
            if (size == capacity) {
                if (micros <= times[0]) {
                    return;
                }
                dropFirst(1);
            }
            if (size == times.length) {
                int grown = Math.min(capacity, Math.max(4, size * 2));
                times = Arrays.copyOf(times, grown);
                amounts = Arrays.copyOf(amounts, grown);
            }
            int at = size;
            while (at > 0 && times[at - 1] > micros) {
                at--;
            }
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(amounts, at, amounts, at + 1, size - at);
            times[at] = micros;
            amounts[at] = amount;
            size++;
        }

        /** The sum of the amounts in {@code (fromMicros, toMicros]}. */
        double total(long fromMicros, long toMicros) {
            double total = 0;
            for (int i = 0; i < size; i++) {
                if (times[i] > fromMicros && times[i] <= toMicros) {
                    total += amounts[i];
                }
            }
            return total;
        }

        void clearUpTo(long micros) {
            dropWhile(time -> time <= micros);
        }

        private void dropWhile(LongPredicate old) {
            int drop = 0;
            while (drop < size && old.test(times[drop])) {
                drop++;
            }
            dropFirst(drop);
        }

        private void dropFirst(int count) {
            if (count == 0) {
                return;
            }
            System.arraycopy(times, count, times, 0, size - count);
            System.arraycopy(amounts, count, amounts, 0, size - count);
            size -= count;
        }
    }
}
