package io.percept.profile;

import io.percept.profile.domain.ProfileRules;
import io.percept.profile.domain.TraitPriority;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of profiles ({@code percept.profile.*}); see {@code docs/identity.md}.
 *
 * @param zone             the business time zone of active hours and weekdays
 * @param traitSources     per trait, the sources whose values win, highest first (e.g.
 *                         {@code email: [crm, web]}); other traits: the most recent value wins
 * @param orderEvents      track events that are orders
 * @param refundEvents     track events that take an order back
 * @param snapshotInterval how often the in-memory state is saved with its log position
 * @param snapshotEvents   save a snapshot after this many events even before the interval
 * @param mirrorInterval   the longest wait before changed profiles are written to the {@code profiles}
 *                         table while the processor is busy (when it is idle they are written at once)
 * @param controlWait      how long a split or an erasure request waits for the processor
 * @param consent          how a marketing or profiling consent never stated counts: {@code opt-out} (allowed, the
 *                         default) or {@code opt-in} (refused); see {@link ConsentMode}
 */
@ConfigurationProperties("percept.profile")
public record ProfileSettings(
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue Map<String, List<String>> traitSources,
        @DefaultValue("Order Completed") Set<String> orderEvents,
        @DefaultValue({"Order Refunded", "Order Cancelled"}) Set<String> refundEvents,
        @DefaultValue("5m") Duration snapshotInterval,
        @DefaultValue("2000000") long snapshotEvents,
        @DefaultValue("30s") Duration mirrorInterval,
        @DefaultValue("30s") Duration controlWait,
        @DefaultValue("opt-out") ConsentMode consent) {

    public ProfileSettings {
        traitSources = traitSources == null ? Map.of() : Map.copyOf(traitSources);
        orderEvents = orderEvents == null ? Set.of() : Set.copyOf(orderEvents);
        refundEvents = refundEvents == null ? Set.of() : Set.copyOf(refundEvents);
        consent = consent == null ? ConsentMode.OPT_OUT : consent;
    }

    /** The defaults, as without any configuration. */
    public static ProfileSettings defaults() {
        return new ProfileSettings(ZoneId.of("UTC"), Map.of(), Set.of("Order Completed"), Set.of("Order Refunded", "Order Cancelled"),
                Duration.ofMinutes(5), 2_000_000, Duration.ofSeconds(30), Duration.ofSeconds(30), ConsentMode.OPT_OUT);
    }

    /** How events become attributes. */
    public ProfileRules rules() {
        return new ProfileRules(zone, new TraitPriority(traitSources), orderEvents, refundEvents);
    }
}
