package io.percept.rules;

import io.percept.platform.JsonValues;
import io.percept.rules.domain.Rule;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the rules did and can be asked to do again: statistics, dry runs, alerts and the webhook
 * deliveries (list, replay). Thread-safe.
 */
public final class RuleOperations {

    private final JdbcClient jdbc;
    private final DryRun dryRun;
    private final RuleStats stats;
    private final Deliveries deliveries;
    private final Clock clock;

    RuleOperations(JdbcClient jdbc, DryRun dryRun, RuleStats stats, Deliveries deliveries, Clock clock) {
        this.jdbc = jdbc;
        this.dryRun = dryRun;
        this.stats = stats;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** How often {@code rule} would have fired over the last {@code days} days, without acting. */
    public Map<String, Object> dryRun(Rule rule, int days, int sample) {
        return dryRun.run(rule, days, sample);
    }

    /**
     * A rule's firings (stored: all, last 24 h, last), counts since start with latencies, the newest
     * firings withheld for want of consent ({@code skipped}, since start), and its deliveries.
     */
    public Map<String, Object> stats(String ruleId) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rule", ruleId);
        LocalDateTime dayAgo = LocalDateTime.ofInstant(clock.instant().minusSeconds(86_400), ZoneOffset.UTC);
        jdbc.sql("SELECT count(*), count(*) FILTER (WHERE fired_at >= ?), max(fired_at), "
                        + "count(*) FILTER (WHERE seq > (SELECT max(position) FROM rule_dispatch)) FROM rule_firings WHERE rule_id = ?")
                .params(dayAgo, ruleId).query(row -> {
                    result.put("firings", row.getLong(1));
                    result.put("firingsLast24h", row.getLong(2));
                    LocalDateTime last = row.getObject(3, LocalDateTime.class);
                    result.put("lastFiredAt", last == null ? null : last.toInstant(ZoneOffset.UTC).toString());
                    result.put("undispatched", row.getLong(4));
                });
        result.put("alerts", jdbc.sql("SELECT count(*) FROM rule_alerts WHERE rule_id = ?").param(ruleId).query(Long.class).single());
        result.put("sinceStart", stats.since(ruleId));
        List<Map<String, Object>> skipped = new java.util.ArrayList<>();
        for (RuleStats.Skip skip : stats.skips(ruleId)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("idempotencyKey", skip.idempotencyKey());
            one.put("profileId", skip.profileId() == 0 ? null : skip.profileId());
            one.put("reason", skip.reason());
            one.put("at", skip.at().toString());
            skipped.add(one);
        }
        result.put("skipped", skipped);
        result.put("deliveries", deliveries.stats(ruleId));
        return result;
    }

    /** Alerts, newest first. */
    public List<Map<String, Object>> alerts(int limit, boolean openOnly) {
        return jdbc.sql("SELECT alert_id, rule_id, profile_id, severity, title, detail, raised_at, acknowledged_at FROM rule_alerts"
                        + (openOnly ? " WHERE acknowledged_at IS NULL" : "") + " ORDER BY alert_id DESC LIMIT ?")
                .param(limit).query((row, i) -> {
                    Map<String, Object> alert = new LinkedHashMap<>();
                    alert.put("id", row.getLong(1));
                    alert.put("rule", row.getString(2));
                    alert.put("profileId", row.getObject(3));
                    alert.put("severity", row.getString(4));
                    alert.put("title", row.getString(5));
                    alert.put("detail", JsonValues.parseObject(row.getString(6)));
                    alert.put("raisedAt", row.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC).toString());
                    LocalDateTime acknowledged = row.getObject(8, LocalDateTime.class);
                    alert.put("acknowledgedAt", acknowledged == null ? null : acknowledged.toInstant(ZoneOffset.UTC).toString());
                    return alert;
                }).list();
    }

    /** Marks an alert as seen; false when there is no such open alert. */
    public boolean acknowledge(long alertId) {
        return jdbc.sql("UPDATE rule_alerts SET acknowledged_at = ? WHERE alert_id = ? AND acknowledged_at IS NULL")
                .params(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), alertId).update() > 0;
    }

    public List<?> deliveries(String ruleId, String status, int limit) {
        return deliveries.list(ruleId, status, limit);
    }

    public boolean replay(long deliveryId) {
        return deliveries.replay(deliveryId);
    }

    public int replayDead(String ruleId) {
        return deliveries.replayDead(ruleId);
    }
}
