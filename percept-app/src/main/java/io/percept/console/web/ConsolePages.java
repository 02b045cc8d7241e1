package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.OverviewFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's pages, in navigation order, with the roles that may open each (the same roles as
 * the page's JSON API in {@code AccessPolicy}: {@code ConsolePageAccessTests} compares them), and how
 * a request's period and filter are read.
 */
final class ConsolePages {

    private static final Set<String> EVERYONE = Set.of("EXECUTIVE", "ANALYST", "FRONTLINE", "ADMIN");
    private static final Set<String> LEADERSHIP = Set.of("EXECUTIVE", "ANALYST", "ADMIN");

    /** Page key → roles, in navigation order. */
    static final Map<String, Set<String>> ROLES;

    static {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        roles.put("overview", LEADERSHIP);
        roles.put("market", LEADERSHIP);
        roles.put("segments", LEADERSHIP);
        roles.put("customers", EVERYONE);
        roles.put("initiatives", LEADERSHIP);
        roles.put("rules", LEADERSHIP);
        roles.put("data", LEADERSHIP);
        roles.put("users", Set.of("ADMIN"));
        ROLES = java.util.Collections.unmodifiableMap(roles);
    }

    /** Pages reached from others rather than the navigation, and who may open them. */
    private static final Map<String, Set<String>> OTHERS = Map.of("verbatims", EVERYONE, "changes", LEADERSHIP);

    private ConsolePages() {
    }

    /** The page a console path belongs to: its first segment after {@code /console}, {@code overview} for {@code /console} itself. */
    static String pageOf(String path) {
        String rest = path.replaceFirst("^/console/?", "");
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return first.isEmpty() ? "overview" : first;
    }

    /** Whether the signed-in user may open {@code page}; pages not listed are open to every signed-in user. */
    static boolean allowed(String page, HttpServletRequest request) {
        Set<String> roles = ROLES.getOrDefault(page, OTHERS.get(page));
        return roles == null || roles.stream().anyMatch(request::isUserInRole);
    }

    /** The navigation the signed-in user sees: the pages they may open. */
    static List<String> navigation(HttpServletRequest request) {
        return ROLES.keySet().stream().filter(page -> allowed(page, request)).toList();
    }

    static OverviewFilter filter(ConsoleCalendar calendar, Integer days, String region, String channel, String product, String segment) {
        return new OverviewFilter(days == null ? 30 : days, calendar.today(), region, channel, product, segment);
    }
}
