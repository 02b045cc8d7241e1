package io.percept.access.web;

import static io.percept.access.Role.ADMIN;
import static io.percept.access.Role.ANALYST;
import static io.percept.access.Role.EXECUTIVE;
import static io.percept.access.Role.FRONTLINE;

import io.percept.access.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which roles may call which {@code /api} endpoint: one entry per handler mapping (method and
 * pattern exactly as the controller declares it), so that {@code AccessMatrixTests} can prove every
 * endpoint has one. A request matching no entry is for admins only. Admins may call everything.
 * The same table is in docs/access.md.
 */
public final class AccessPolicy {

    /** One endpoint and the roles that may call it. */
    public record Entry(String method, String pattern, Set<Role> roles) {

        public Entry {
            roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        }
    }

    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    /** Readers of the dashboards: executives and analysts. */
    private static final Set<Role> LEADERSHIP = EnumSet.of(EXECUTIVE, ANALYST, ADMIN);
    private static final Set<Role> ANALYSTS = EnumSet.of(ANALYST, ADMIN);
    /** Customer 360: the front line, and leadership clicking through from a verbatim. */
    private static final Set<Role> CUSTOMER_360 = EVERYONE;
    private static final Set<Role> ADMINS = EnumSet.of(ADMIN);

    /** The policy, grouped by module. */
    public static final List<Entry> ENTRIES = List.of(
            // session of whoever is logged in
            get("/api/session", EVERYONE),
            post("/api/session/password", EVERYONE),
            // the console's pages as JSON: the executive overview, the verbatims behind its topics, the rules and data pages
            get("/api/console/overview", LEADERSHIP),
            get("/api/console/changes", LEADERSHIP),
            get("/api/console/verbatims", EVERYONE),
            get("/api/console/rules", LEADERSHIP),
            get("/api/console/data", LEADERSHIP),
            // customer 360: search, one customer (PII masked without the pii permission), its timeline
            get("/api/console/customers", CUSTOMER_360),
            get("/api/console/customers/{id}", CUSTOMER_360),
            get("/api/console/customers/{id}/timeline", CUSTOMER_360),
            // the segments page: reading and trying definitions for leadership, saving for analysts
            get("/api/console/segments", LEADERSHIP),
            get("/api/console/segments/fields", LEADERSHIP),
            get("/api/console/segments/compare", LEADERSHIP),
            get("/api/console/segments/{name}/history", LEADERSHIP),
            post("/api/console/segments/preview", LEADERSHIP),
            put("/api/console/segments/{name}", ANALYSTS),
            get("/api/console/initiatives", LEADERSHIP),
            get("/api/console/initiatives/{id}", LEADERSHIP),
            post("/api/console/initiatives", ANALYSTS),
            put("/api/console/initiatives/{id}", ANALYSTS),
            delete("/api/console/initiatives/{id}", ANALYSTS),
            get("/api/console/market", LEADERSHIP),
            // insight and voice of the customer
            get("/api/insight/event-volumes", LEADERSHIP),
            get("/api/voc/topics", LEADERSHIP),
            get("/api/voc/trend", LEADERSHIP),
            get("/api/voc/themes", LEADERSHIP),
            get("/api/voc/satisfaction", LEADERSHIP),
            get("/api/voc/quotes", EVERYONE),
            post("/api/text/analyze", ANALYSTS),
            // predictions
            get("/api/predictions/runs", LEADERSHIP),
            post("/api/predictions/runs", ADMINS),
            // retention (platform)
            post("/api/retention/run", ADMINS),
            get("/api/predictions/status", LEADERSHIP),
            get("/api/predictions/clv", LEADERSHIP),
            get("/api/predictions/propensity", LEADERSHIP),
            get("/api/predictions/clusters", LEADERSHIP),
            get("/api/predictions/recommendations", EVERYONE),
            get("/api/predictions/patterns", LEADERSHIP),
            get("/api/predictions/bundles", LEADERSHIP),
            get("/api/predictions/forecasts", LEADERSHIP),
            get("/api/predictions/anomalies", LEADERSHIP),
            get("/api/predictions/compare", LEADERSHIP),
            get("/api/predictions/profiles/{id}", CUSTOMER_360),
            // segments
            get("/api/segments", LEADERSHIP),
            get("/api/segments/fields", LEADERSHIP),
            get("/api/segments/{name}", LEADERSHIP),
            post("/api/segments/preview", ANALYSTS),
            put("/api/segments/{name}", ANALYSTS),
            post("/api/segments/{name}/evaluate", ANALYSTS),
            delete("/api/segments/{name}", ANALYSTS),
            // profiles (customer 360)
            get("/api/profiles", CUSTOMER_360),
            get("/api/profiles/{id}", CUSTOMER_360),
            get("/api/profiles/by-identifier/{type}/{value:.+}", CUSTOMER_360),
            get("/api/profiles/{id}/events", CUSTOMER_360),
            get("/api/profiles/{id}/merges", ANALYSTS),
            post("/api/profiles/{id}/split", ADMINS),
            delete("/api/profiles/{id}", ADMINS),
            get("/api/profiles/{id}/export", ADMINS),
            // rules and alerts
            get("/api/rules", ANALYSTS),
            get("/api/rules/{id}", ANALYSTS),
            get("/api/rules/{id}/versions", ANALYSTS),
            post("/api/rules/validate", ANALYSTS),
            post("/api/rules/{id}/dry-run", ANALYSTS),
            get("/api/rules/{id}/stats", LEADERSHIP),
            get("/api/rules/alerts", LEADERSHIP),
            post("/api/rules/alerts/{id}/acknowledge", ANALYSTS),
            post("/api/rules", ADMINS),
            put("/api/rules/{id}", ADMINS),
            delete("/api/rules/{id}", ADMINS),
            post("/api/rules/{id}/enable", ADMINS),
            post("/api/rules/{id}/disable", ADMINS),
            get("/api/rules/deliveries", ADMINS),
            post("/api/rules/deliveries/{id}/replay", ADMINS),
            post("/api/rules/{id}/deliveries/replay", ADMINS),
            // the local webhook inbox (a post whose signature verifies needs no login at all)
            get("/api/rules/inbox", ADMINS),
            get("/api/rules/inbox/{name}", ADMINS),
            post("/api/rules/inbox/{name}", ADMINS),
            // data: imports, sources, connectors, the demo's live stream
            get("/api/imports", ANALYSTS),
            get("/api/imports/{id}", ANALYSTS),
            get("/api/imports/{id}/rejects", ANALYSTS),
            post("/api/imports", ADMINS),
            get("/api/sources", ADMINS),
            post("/api/sources", ADMINS),
            get("/api/sources/{name}", ADMINS),
            patch("/api/sources/{name}", ADMINS),
            post("/api/sources/{name}/rotate-key", ADMINS),
            get("/api/sources/{name}/stats", ADMINS),
            get("/api/sources/{name}/events", ADMINS),
            get("/api/sources/{name}/webhook", ADMINS),
            put("/api/sources/{name}/webhook", ADMINS),
            delete("/api/sources/{name}/webhook", ADMINS),
            get("/api/connectors/mqtt", ADMINS),
            get("/api/demo/live", ADMINS),
            post("/api/demo/live/start", ADMINS),
            post("/api/demo/live/stop", ADMINS),
            // users
            get("/api/users", ADMINS),
            post("/api/users", ADMINS),
            get("/api/users/audit", ADMINS),
            get("/api/users/{username}", ADMINS),
            put("/api/users/{username}", ADMINS),
            delete("/api/users/{username}", ADMINS),
            post("/api/users/{username}/password", ADMINS));

    private record Compiled(Entry entry, PathPattern pattern) {
    }

    private final List<Compiled> compiled;

    public AccessPolicy() {
        List<Compiled> list = new ArrayList<>();
        for (Entry entry : ENTRIES) {
            list.add(new Compiled(entry, PathPatternParser.defaultInstance.parse(entry.pattern())));
        }
        compiled = List.copyOf(list);
    }

    /**
     * The roles that may send {@code method} to {@code path} (the path without the context path):
     * those of the most specific entry matching it ({@code HEAD} as {@code GET}), or admins only.
     */
    public Set<Role> allowed(String method, String path) {
        Compiled best = best(method, path);
        return best == null ? ADMINS : best.entry().roles();
    }

    private Compiled best(String method, String path) {
        String wanted = "HEAD".equals(method) ? "GET" : method;
        PathContainer container = PathContainer.parsePath(path);
        Compiled best = null;
        for (Compiled candidate : compiled) {
            if (candidate.entry().method().equals(wanted) && candidate.pattern().matches(container)
                    && (best == null || PathPattern.SPECIFICITY_COMPARATOR.compare(candidate.pattern(), best.pattern()) < 0)) {
                best = candidate;
            }
        }
        return best;
    }

    /** The endpoint a request matched: its pattern as declared and the path variables' values. */
    public record Route(String pattern, Map<String, String> variables) {
    }

    /** The most specific endpoint of the policy that {@code method} to {@code path} matches, if any. */
    public Optional<Route> route(String method, String path) {
        Compiled best = best(method, path);
        if (best == null) {
            return Optional.empty();
        }
        PathPattern.PathMatchInfo match = best.pattern().matchAndExtract(PathContainer.parsePath(path));
        return Optional.of(new Route(best.entry().pattern(), match == null ? Map.of() : new TreeMap<>(match.getUriVariables())));
    }

    private static Entry get(String pattern, Set<Role> roles) {
        return new Entry("GET", pattern, roles);
    }

    private static Entry post(String pattern, Set<Role> roles) {
        return new Entry("POST", pattern, roles);
    }

    private static Entry put(String pattern, Set<Role> roles) {
        return new Entry("PUT", pattern, roles);
    }

    private static Entry patch(String pattern, Set<Role> roles) {
        return new Entry("PATCH", pattern, roles);
    }

    private static Entry delete(String pattern, Set<Role> roles) {
        return new Entry("DELETE", pattern, roles);
    }
}
