package io.percept.rules.domain;

import static io.percept.rules.domain.TestEvents.micros;
import static io.percept.rules.domain.TestEvents.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTests {

    private static final Rule ENGAGED = rule("""
            id: engaged
            when: {event: {name: Page Viewed}}
            window: {count: {within: 1h, atLeast: 5}}
            actions: [{setTraits: {engaged: true}}]
            """);
    private static final Rule BIG_SPENDER = rule("""
            id: big-spender
            when: {event: {name: Order Completed}}
            window: {sum: {property: properties.revenue, within: 7d, atLeast: 500}}
            actions: [{setTraits: {big: true}}]
            """);
    private static final Rule CART_ABANDONMENT = rule("""
            id: cart-abandonment
            when: {event: {name: Cart Added}}
            window: {absent: {event: {name: Order Completed}, within: 2h}}
            throttle: {max: 1, per: 24h}
            actions: [{emit: {event: Offer Issued}}]
            """);
    private static final Rule COMPLAINT = rule("""
            id: complaint
            when: {event: {name: Complaint Filed}}
            throttle: {max: 2, per: 1h}
            actions: [{alert: {title: complaint}}]
            """);

    private final TestEvents events = new TestEvents();
    private final RuleEngine engine = new RuleEngine();

    @Test
    void aCountWindowFiresOnTheFifthEventWithinTheHour() {
        List<Integer> firedOn = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            if (!offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(10L * i))).isEmpty()) {
                firedOn.add(i);
            }
        }

        assertThat(firedOn).containsExactly(5);
    }

    @Test
    void aCountWindowSlides() {
        // five views over 80 minutes: never five within one hour
        for (int minute : new int[] {0, 20, 40, 60, 80}) {
            assertThat(offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(minute)))).isEmpty();
        }
        // one more at 85 minutes: views at 40, 60, 80, 85 are within the hour, still four
        assertThat(offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(85)))).isEmpty();
        assertThat(offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(90)))).hasSize(1);
    }

    @Test
    void aRecordedFiringConsumesTheWindowAndAnUnrecordedOneDoesNot() {
        for (int i = 0; i < 4; i++) {
            offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(i)));
        }
        List<Firing> fifth = offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(4)));
        // the caller's condition did not hold: not recorded, the sixth view fires again
        List<Firing> sixth = offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(5)));
        assertThat(fifth).hasSize(1);
        assertThat(sixth).hasSize(1);

        assertThat(engine.record(sixth.get(0))).isTrue();
        assertThat(offer(ENGAGED, events.track("Page Viewed", Duration.ofMinutes(6)))).isEmpty();
    }

    @Test
    void aCountWindowCanCountOtherEventsThanTheTrigger() {
        Rule rule = rule("""
                id: browsed-then-carted
                when: {event: {name: Cart Added}}
                window: {count: {event: {name: Page Viewed}, within: 1h, atLeast: 2}}
                actions: [{setTraits: {warm: true}}]
                """);
        offer(rule, events.track("Page Viewed", Duration.ofMinutes(1)));
        assertThat(offer(rule, events.track("Cart Added", Duration.ofMinutes(2)))).isEmpty();
        offer(rule, events.track("Page Viewed", Duration.ofMinutes(3)));

        assertThat(offer(rule, events.track("Cart Added", Duration.ofMinutes(4)))).hasSize(1);
    }

    @Test
    void aSumWindowAddsUpAmounts() {
        assertThat(offer(BIG_SPENDER, order(Duration.ZERO, 200))).isEmpty();
        assertThat(offer(BIG_SPENDER, events.track("Order Completed", Duration.ofDays(1), Map.of("revenue", "n/a")))).isEmpty();
        assertThat(offer(BIG_SPENDER, order(Duration.ofDays(2), "250.00"))).isEmpty();
        assertThat(offer(BIG_SPENDER, order(Duration.ofDays(3), 60))).hasSize(1);
        // the first order falls out of the 7 days: 250 + 60 + 100 = 410
        assertThat(offer(BIG_SPENDER, order(Duration.ofDays(8), 100))).isEmpty();
    }

    @Test
    void anAbsenceFiresAtTheDeadlineWhenNoOrderCame() {
        Event cart = events.track("Cart Added", Duration.ZERO);
        assertThat(offer(CART_ABANDONMENT, cart)).isEmpty();

        assertThat(engine.due(micros(Duration.ofMinutes(119)))).isEmpty();
        List<Firing> due = engine.due(micros(Duration.ofHours(3)));

        assertThat(due).containsExactly(new Firing(CART_ABANDONMENT, "p-1", cart, micros(Duration.ofHours(2)), "cart-abandonment:m-1"));
        assertThat(engine.due(micros(Duration.ofHours(4)))).as("a timer fires once").isEmpty();
    }

    @Test
    void anOrderWithinTheWindowCancelsTheAbsence() {
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ZERO));
        offer(CART_ABANDONMENT, events.track("Order Completed", Duration.ofHours(1)));

        assertThat(engine.due(micros(Duration.ofHours(3)))).isEmpty();
        assertThat(engine.armedTimers()).isZero();
        assertThat(engine.trackedProfiles("cart-abandonment")).as("a profile with nothing left is forgotten").isZero();
    }

    @Test
    void anOrderBeforeTheCartDoesNotCancelIt() {
        Event earlierOrder = events.track("Order Completed", Duration.ofMinutes(-5));
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ZERO));
        offer(CART_ABANDONMENT, earlierOrder);

        assertThat(engine.due(micros(Duration.ofHours(3)))).hasSize(1);
    }

    @Test
    void aCrossingFiresOnItsManagedSegmentsEntry() {
        Rule churn = rule("id: churn-risk\nwhen: {crosses: {field: churnRisk, above: 0.7}}\nactions: [{setTraits: {offer: RETAIN15}}]");
        Event entered = events.event(io.percept.eventlog.EventType.TRACK, io.percept.eventlog.Channel.SYSTEM, "Segment Entered",
                Duration.ZERO, Map.of("segment", "crossing-churnRisk-above-0_7"));

        assertThat(offer(churn, entered)).containsExactly(new Firing(churn, "p-1", entered, micros(Duration.ZERO), "churn-risk:m-1"));
    }

    @Test
    void aSumWindowCanAddUpOtherEvents() {
        Rule rule = rule("""
                id: spent-then-reviewed
                when: {event: {name: Review Submitted}}
                window: {sum: {event: {name: Order Completed}, property: properties.revenue, within: 30d, atLeast: 1000}}
                actions: [{setTraits: {advocate: true}}]
                """);
        offer(rule, order(Duration.ZERO, 600));
        assertThat(offer(rule, events.track("Review Submitted", Duration.ofDays(1), Map.of("revenue", 900)))).isEmpty();
        offer(rule, order(Duration.ofDays(2), 400.5));

        assertThat(offer(rule, events.track("Review Submitted", Duration.ofDays(3)))).hasSize(1);
    }

    @Test
    void anOrderOfAnotherProfileDoesNotCancel() {
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ZERO));
        engine.onEvent(CART_ABANDONMENT, "p-2", events.track("Order Completed", Duration.ofHours(1)), micros(Duration.ofHours(1)));

        assertThat(engine.due(micros(Duration.ofHours(3)))).hasSize(1);
    }

    @Test
    void twoAbandonedCartsAreThrottledToOneOfferADay() {
        List<String> held = new ArrayList<>();
        engine.onThrottled(rule -> held.add(rule.id()));
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ZERO));
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ofMinutes(30)));

        List<Firing> both = engine.due(micros(Duration.ofHours(3)));
        assertThat(both).hasSize(2);
        assertThat(both.stream().filter(engine::record)).hasSize(1);

        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ofHours(5)));
        assertThat(engine.due(micros(Duration.ofHours(8)))).as("within 24 h of the recorded one").isEmpty();
        assertThat(held).as("the listener hears of the timer the throttle held back").containsExactly("cart-abandonment");
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ofHours(24)));
        assertThat(engine.due(micros(Duration.ofHours(27)))).as("24 h after the recorded one (at 2 h)").hasSize(1);
    }

    @Test
    void aRedeliveredTriggerArmsOneTimer() {
        Event cart = events.track("Cart Added", Duration.ZERO);
        offer(CART_ABANDONMENT, cart);
        offer(CART_ABANDONMENT, cart);

        assertThat(engine.armedTimers()).isEqualTo(1);
    }

    @Test
    void theThrottleCountsRecordedFiringsOnly() {
        List<Boolean> acted = new ArrayList<>();
        for (int minute = 0; minute < 6; minute++) {
            List<Firing> proposed = offer(COMPLAINT, events.track("Complaint Filed", Duration.ofMinutes(minute)));
            boolean conditionHolds = minute != 1;
            acted.add(!proposed.isEmpty() && conditionHolds && engine.record(proposed.get(0)));
        }
        assertThat(acted).containsExactly(true, false, true, false, false, false);
        assertThat(offer(COMPLAINT, events.track("Complaint Filed", Duration.ofMinutes(59)))).isEmpty();
        assertThat(offer(COMPLAINT, events.track("Complaint Filed", Duration.ofMinutes(61)))).hasSize(1);
    }

    @Test
    void theThrottleIsPerProfile() {
        Firing first = engine.onEvent(COMPLAINT, "p-1", events.track("Complaint Filed", Duration.ZERO), 0).get(0);
        Firing second = engine.onEvent(COMPLAINT, "p-1", events.track("Complaint Filed", Duration.ZERO), 0).get(0);
        engine.record(first);
        engine.record(second);
        List<String> held = new ArrayList<>();
        engine.onThrottled(rule -> held.add(rule.id()));

        assertThat(engine.onEvent(COMPLAINT, "p-1", events.track("Complaint Filed", Duration.ZERO), 0)).isEmpty();
        assertThat(held).containsExactly(COMPLAINT.id());
        assertThat(engine.onEvent(COMPLAINT, "p-2", events.track("Complaint Filed", Duration.ZERO), 0)).hasSize(1);
    }

    @Test
    void dueListsTimersInDueTimeOrder() {
        Rule shortWait = rule("""
                id: short-wait
                when: {event: {name: Cart Added}}
                window: {absent: {event: {name: Order Completed}, within: 30m}}
                actions: [{emit: {event: Reminder}}]
                """);
        engine.onEvent(CART_ABANDONMENT, "a", events.track("Cart Added", Duration.ZERO), 0);
        engine.onEvent(shortWait, "b", events.track("Cart Added", Duration.ofMinutes(10)), 0);
        engine.onEvent(CART_ABANDONMENT, "c", events.track("Cart Added", Duration.ZERO), 0);
        engine.onEvent(shortWait, "d", events.track("Cart Added", Duration.ofMinutes(5)), 0);

        assertThat(engine.due(micros(Duration.ofDays(1))).stream().map(Firing::profileKey)).containsExactly("d", "b", "a", "c");
    }

    @Test
    void theSameInputsGiveTheSameFirings() {
        assertThat(run(new RuleEngine(3))).isEqualTo(run(new RuleEngine(3)));
    }

    private static List<String> run(RuleEngine engine) {
        TestEvents events = new TestEvents();
        List<String> fired = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String profile = "p-" + (i * 7 % 5);
            Duration at = Duration.ofMinutes(i * 13L);
            String name = i % 3 == 0 ? "Cart Added" : i % 7 == 0 ? "Order Completed" : "Page Viewed";
            Event event = events.track(name, at, Map.of("revenue", i));
            for (Rule rule : List.of(ENGAGED, BIG_SPENDER, CART_ABANDONMENT)) {
                engine.onEvent(rule, profile, event, micros(at)).stream().filter(engine::record).forEach(firing -> fired.add(describe(firing)));
            }
            engine.due(micros(at)).stream().filter(engine::record).forEach(firing -> fired.add(describe(firing)));
        }
        return fired;
    }

    private static String describe(Firing firing) {
        return firing.idempotencyKey() + "@" + firing.profileKey() + "@" + firing.atMicros();
    }

    @Test
    void theProfilesTrackedPerRuleAreBoundedLeastRecentlyTouchedFirst() {
        RuleEngine bounded = new RuleEngine(2);
        bounded.onEvent(CART_ABANDONMENT, "a", events.track("Cart Added", Duration.ZERO), 0);
        bounded.onEvent(CART_ABANDONMENT, "b", events.track("Cart Added", Duration.ZERO), 0);
        bounded.onEvent(CART_ABANDONMENT, "a", events.track("Cart Added", Duration.ofMinutes(1)), 0);
        bounded.onEvent(CART_ABANDONMENT, "c", events.track("Cart Added", Duration.ofMinutes(2)), 0);

        assertThat(bounded.trackedProfiles("cart-abandonment")).isEqualTo(2);
        assertThat(bounded.armedTimers()).isEqualTo(3);
        assertThat(bounded.due(micros(Duration.ofDays(1))).stream().map(Firing::profileKey)).as("b was evicted with its timer")
                .containsExactly("a", "a", "c");
    }

    @Test
    void aCountWindowKeepsNoMoreThanItNeeds() {
        for (int i = 0; i < 1000; i++) {
            offer(ENGAGED, events.track("Page Viewed", Duration.ofHours(i)));
        }
        assertThat(offer(ENGAGED, events.track("Page Viewed", Duration.ofHours(999)))).isEmpty();
    }

    @Test
    void removingOrEditingARuleForgetsItsState() {
        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ZERO));
        engine.remove("cart-abandonment");
        assertThat(engine.armedTimers()).isZero();
        assertThat(engine.trackedProfiles("cart-abandonment")).isZero();

        offer(CART_ABANDONMENT, events.track("Cart Added", Duration.ZERO));
        Rule edited = rule("""
                id: cart-abandonment
                when: {event: {name: Cart Added}}
                window: {absent: {event: {name: Order Completed}, within: 3h}}
                actions: [{emit: {event: Offer Issued}}]
                """);
        offer(edited, events.track("Page Viewed", Duration.ZERO));
        assertThat(engine.armedTimers()).isZero();

        Rule disabled = Rule.fromDocument(withEnabled(edited.toDocument()));
        offer(edited, events.track("Cart Added", Duration.ZERO));
        assertThat(offer(disabled, events.track("Cart Added", Duration.ZERO))).isEmpty();
        assertThat(engine.armedTimers()).isZero();
    }

    @Test
    void aFiringOfAnEditedRuleIsNotRecorded() {
        Firing firing = offer(COMPLAINT, events.track("Complaint Filed", Duration.ZERO)).get(0);
        engine.remove("complaint");

        assertThat(engine.record(firing)).isFalse();
    }

    private static Map<String, Object> withEnabled(Map<String, Object> document) {
        document.put("enabled", false);
        return document;
    }

    private List<Firing> offer(Rule rule, Event event) {
        return engine.onEvent(rule, "p-1", event, RuleEngine.micros(event.timestamp()));
    }

    private Event order(Duration at, Object revenue) {
        return events.track("Order Completed", at, Map.of("revenue", revenue));
    }
}
