package io.percept.console;

import io.percept.rules.DeliveryStats;
import io.percept.rules.DeliveryStatus;
import io.percept.rules.RuleDocuments;
import io.percept.rules.RuleOperations;
import io.percept.rules.Rules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The console's rules page: every rule with what it did in the last 24 hours and its deliveries,
 * one rule's document and statistics, a dry run, and the newest alerts. Reads the rules module's
 * facades ({@link Rules}, {@link RuleOperations}).
 */
public final class RulesBoard {

    /** Most alerts the page lists. */
    static final int ALERTS = 50;
    /** Most customers a dry run lists. */
    static final int TOP_CUSTOMERS = 10;
    /** Days a dry run may look back from the console. */
    public static final int MAX_DRY_RUN_DAYS = 30;

    /**
     * What starts a rule, to be put into words by the page: {@code kind} is {@code event},
     * {@code entered}, {@code exited}, {@code above}, {@code below} or {@code other}; {@code subject}
     * the event names (empty: any event), the segment or the field; {@code threshold} for crossings.
     */
    public record Trigger(String kind, String subject, Object threshold) {
    }

    /**
     * One rule in the list.
     *
     * @param firingsLast24h stored firings in the last 24 hours
     * @param lastFiredAt    the newest stored firing (ISO-8601, UTC), null if none
     * @param deliveries     stored webhook deliveries by status (pending, delivered, dead)
     */
    public record RuleRow(String id, String name, Trigger trigger, boolean enabled, int version, long firings, long firingsLast24h,
                          String lastFiredAt, long alerts, Map<String, Long> deliveries) {
    }

    /**
     * One rule in detail: its row, its document as YAML, and since this process started: fired,
     * throttled, condition failed and the event-to-firing latency p50 / p99 in ms (null before the first firing).
     */
    public record RuleDetail(RuleRow rule, String document, long fired, long throttled, long conditionFailed, Double latencyP50Ms,
                             Double latencyP99Ms) {
    }

    /** A customer a dry run would have fired for, and how often. */
    public record DryRunCustomer(String profileKey, long firings) {
    }

    /** What a dry run over the last {@code days} found: would fire {@code wouldFire} times for {@code customers} customers. */
    public record DryRunResult(String rule, int days, long eventsRead, long triggered, long conditionFailed, long throttled, long wouldFire,
                               long customers, List<DryRunCustomer> topCustomers, boolean truncated) {
    }

    /** The page: the rules by id and the newest alerts. */
    public record Board(List<RuleRow> rules, List<ExecutiveOverview.Alert> alerts) {
    }

    private final Rules rules;
    private final RuleOperations operations;

    RulesBoard(Rules rules, RuleOperations operations) {
        this.rules = rules;
        this.operations = operations;
    }

    public Board board() {
        List<RuleRow> rows = new ArrayList<>();
        for (Rules.StoredRule stored : rules.list()) {
            rows.add(row(stored, operations.stats(stored.id())));
        }
        List<ExecutiveOverview.Alert> alerts = new ArrayList<>();
        for (Map<String, Object> alert : operations.alerts(ALERTS, false)) {
            alerts.add(new ExecutiveOverview.Alert(((Number) alert.get("id")).longValue(), (String) alert.get("rule"), (String) alert.get("severity"),
                    (String) alert.get("title"), alert.get("profileId"), (String) alert.get("raisedAt"), alert.get("acknowledgedAt") != null));
        }
        return new Board(rows, alerts);
    }

    /** One rule in detail; empty when there is none. */
    public Optional<RuleDetail> detail(String id) {
        return rules.get(id).map(stored -> {
            Map<String, Object> stats = operations.stats(id);
            Map<?, ?> since = (Map<?, ?>) stats.get("sinceStart");
            return new RuleDetail(row(stored, stats), yaml(stored.document()), number(since.get("fired")), number(since.get("throttled")),
                    number(since.get("conditionFailed")), millis(since.get("fireLatencyP50Ms")), millis(since.get("fireLatencyP99Ms")));
        });
    }

    /**
     * How often the stored rule would have fired over the last {@code days} (1 to {@value #MAX_DRY_RUN_DAYS}) days, without acting;
     * empty when there is no such rule.
     *
     * @throws IllegalArgumentException for days out of range
     */
    public Optional<DryRunResult> dryRun(String id, int days) {
        checkDays(days);
        return rules.get(id).map(stored -> dryRunResult(id, days, operations.dryRun(rules.validate(stored.document()), days, 0)));
    }

    private static void checkDays(int days) {
        if (days < 1 || days > MAX_DRY_RUN_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_DRY_RUN_DAYS + ", was " + days);
        }
    }

    private static DryRunResult dryRunResult(String id, int days, Map<String, Object> report) {
        List<DryRunCustomer> top = new ArrayList<>();
        if (report.get("topProfiles") instanceof List<?> profiles) {
            for (Object entry : profiles) {
                Map<?, ?> profile = (Map<?, ?>) entry;
                if (top.size() < TOP_CUSTOMERS) {
                    top.add(new DryRunCustomer(String.valueOf(profile.get("profileKey")), number(profile.get("firings"))));
                }
            }
        }
        return new DryRunResult(id, days, number(report.get("eventsRead")), number(report.get("triggered")), number(report.get("conditionFailed")),
                number(report.get("throttled")), number(report.get("wouldFire")), number(report.get("profiles")), top,
                Boolean.TRUE.equals(report.get("truncated")));
    }

    /**
     * A draft rule checked as saving would check it: {@code valid} with its id, trigger and number of
     * actions, else the problem (starting with the JSON path where there is one).
     */
    public record Draft(boolean valid, String problem, String id, Trigger trigger, int actions, boolean exists) {
    }

    /** A starting point for a new rule: an event trigger, a throttle and an alert. */
    public static final String TEMPLATE = """
            id: my-rule
            name: 新规则 / New rule
            when: {event: {name: Order Completed}}
            if: revenue > 1000
            throttle: {max: 1, per: 7d}
            actions:
              - alert: {severity: medium, title: Big spender ordered again}
            """;

    /** Checks {@code text} (YAML or JSON) as a rule without saving it. */
    public Draft check(String text) {
        try {
            Map<String, Object> canonical = rules.canonical(RuleDocuments.parse(text, "the rule"));
            String id = String.valueOf(canonical.get("id"));
            Object actions = canonical.get("actions");
            return new Draft(true, null, id, trigger(canonical.get("when")), actions instanceof List<?> list ? list.size() : 0, rules.get(id).isPresent());
        } catch (IllegalArgumentException e) {
            return new Draft(false, e.getMessage(), null, null, 0, false);
        }
    }

    /**
     * Saves {@code text} as a rule: new, or the next version of the rule with its id.
     *
     * @throws IllegalArgumentException naming the JSON path and the problem
     */
    public String save(String text) {
        return rules.save(RuleDocuments.parse(text, "the rule")).id();
    }

    /** How often the draft {@code text} would have fired over the last {@code days} days, without saving or acting. */
    public DryRunResult dryRunDraft(String text, int days) {
        checkDays(days);
        Map<String, Object> document = RuleDocuments.parse(text, "the rule");
        return dryRunResult(String.valueOf(document.get("id")), days, operations.dryRun(rules.validate(document), days, 0));
    }

    /** Enables or disables a rule; false when there is none. */
    public boolean setEnabled(String id, boolean enabled) {
        return rules.setEnabled(id, enabled).isPresent();
    }

    /** A rule's saved versions, newest first. */
    public List<Rules.Version> versions(String id) {
        List<Rules.Version> versions = new ArrayList<>(rules.versions(id));
        versions.sort(java.util.Comparator.comparingInt(Rules.Version::version).reversed());
        return versions;
    }

    /** Sends a rule's dead webhook deliveries again; how many. */
    public int replayDead(String id) {
        return operations.replayDead(id);
    }

    /** A rule's stored document as YAML, for the editor; empty when there is none. */
    public Optional<String> document(String id) {
        return rules.get(id).map(stored -> yaml(stored.document()));
    }

    /** Marks an alert as seen; false when there is no such open alert. */
    public boolean acknowledge(long alertId) {
        return operations.acknowledge(alertId);
    }

    private static RuleRow row(Rules.StoredRule stored, Map<String, Object> stats) {
        Map<String, Object> document = stored.document();
        Object name = document.get("name");
        Map<String, Long> deliveries = new LinkedHashMap<>();
        Map<DeliveryStatus, Long> byStatus = stats.get("deliveries") instanceof DeliveryStats delivery ? delivery.stored() : Map.of();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            deliveries.put(status.name().toLowerCase(java.util.Locale.ROOT), byStatus.getOrDefault(status, 0L));
        }
        return new RuleRow(stored.id(), name == null ? stored.id() : String.valueOf(name), trigger(document.get("when")), stored.enabled(),
                stored.version(), number(stats.get("firings")), number(stats.get("firingsLast24h")), (String) stats.get("lastFiredAt"),
                number(stats.get("alerts")), deliveries);
    }

    /** The trigger of a document's {@code when}, as the rules module's canonical document spells it. */
    static Trigger trigger(Object when) {
        if (!(when instanceof Map<?, ?> trigger)) {
            return new Trigger("other", "", null);
        }
        if (trigger.get("event") instanceof Map<?, ?> event) {
            Object names = event.get("name");
            String subject = names instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                    : names == null ? "" : String.valueOf(names);
            return new Trigger("event", subject, null);
        }
        if (trigger.get("segment") instanceof Map<?, ?> segment) {
            return new Trigger("exited".equals(segment.get("on")) ? "exited" : "entered", String.valueOf(segment.get("name")), null);
        }
        if (trigger.get("crosses") instanceof Map<?, ?> crosses) {
            boolean above = crosses.containsKey("above");
            return new Trigger(above ? "above" : "below", String.valueOf(crosses.get("field")), crosses.get(above ? "above" : "below"));
        }
        return new Trigger("other", String.valueOf(trigger.keySet()), null);
    }

    private static String yaml(Map<String, Object> document) {
        return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(120).build()).dumpToString(document);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static Double millis(Object value) {
        return value instanceof Number number && !Double.isNaN(number.doubleValue()) ? number.doubleValue() : null;
    }
}
