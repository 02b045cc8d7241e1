package io.percept.rules;

import io.percept.rules.domain.Rule;
import io.percept.rules.domain.Window;
import java.time.Duration;

/** How far back a rule's state reaches: its window or its throttle, whichever is longer. */
final class RuleSpans {

    private RuleSpans() {
    }

    /** The log a restart must replay for {@code rule}'s windows, timers and throttle to be what they were. */
    static Duration span(Rule rule) {
        Duration span = Duration.ZERO;
        Window window = rule.window();
        if (window instanceof Window.Count count) {
            span = count.within();
        } else if (window instanceof Window.Sum sum) {
            span = sum.within();
        } else if (window instanceof Window.Absent absent) {
            span = absent.within();
        }
        if (rule.throttle() != null && rule.throttle().per().compareTo(span) > 0) {
            span = rule.throttle().per();
        }
        return span;
    }
}
