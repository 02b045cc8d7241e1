package io.percept.cli;

import io.percept.demo.DemoLoader;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.ProcessorStatus;
import io.percept.eventlog.Processors;
import io.percept.platform.Directories;
import io.percept.platform.JsonValues;
import io.percept.prediction.Predictions;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code percept bench console}: the console's JSON APIs and pages on a large demo world in the
 * embedded store. Loads the world (or reuses a data directory that holds one), waits until every log
 * processor has caught up, runs the models once, then times each dashboard call sequentially (after
 * warm-up requests) and reports p50 / p95 / max — next to the raw baseline of what the console no
 * longer does per request: one scan of the event log for the period's orders.
 */
@Command(name = "console", description = {"Dashboard APIs and pages on a demo world of --customers (about 75 events each a year): p50/p95/max "
        + "per endpoint, next to a raw scan of the event log for the same period's orders. Keeps the world in --data-dir for re-runs."})
final class ConsoleBench implements Callable<Integer> {

    private static final String TOKEN = "bench-console-token-0001";

    @Spec
    CommandSpec spec;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--customers", defaultValue = "130000", description = "Demo customers (default: ${DEFAULT-VALUE}, about 10 million events)")
    int customers;

    @Option(names = "--days", defaultValue = "365", description = "Days of history (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--requests", defaultValue = "30", description = "Timed requests per endpoint (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed requests per endpoint first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--data-dir", description = "Keep the world here; a directory that already holds one is reused (default: a temporary one, deleted)")
    Path dataDir;

    /** One endpoint's timings. */
    record Timing(String path, int status, int bytes, double p50, double p95, double max) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = dataDir == null;
        Path data = temporary ? Files.createTempDirectory("percept-bench-console-") : dataDir;
        boolean reuse = !temporary && Files.exists(data.resolve("percept.duckdb"));
        ConfigurableApplicationContext server = null;
        try {
            out.printf(Locale.ROOT, "Console benchmark: %s demo world of %,d customers over %d days in %s%n", reuse ? "reusing the" : "loading a",
                    customers, days, data);
            out.flush();
            server = bench.startServer(data, "--percept.platform.admin-token=" + TOKEN, "--percept.demo.load=" + !reuse,
                    "--percept.demo.customers=" + customers, "--percept.demo.days=" + days, "--percept.demo.live-rate=0",
                    "--percept.prediction.enabled=false");
            long start = System.nanoTime();
            waitUntilCaughtUp(server, out, start);
            Predictions predictions = server.getBean(Predictions.class);
            if (predictions.latestSucceeded().isEmpty()) {
                long modelsStart = System.nanoTime();
                predictions.runNow();
                out.printf(Locale.ROOT, "  models ran in %.0f s%n", (System.nanoTime() - modelsStart) / 1e9);
            }
            long events = server.getBean(EventLog.class).head();
            String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
            out.printf(Locale.ROOT, "  %,d events in the log; timing %d requests per endpoint after %d warm-up requests%n", events, requests, warmup);
            out.println();
            out.println("| endpoint | status | bytes | p50 ms | p95 ms | max ms |");
            out.println("|---|---:|---:|---:|---:|---:|");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : endpoints(http, base)) {
                Timing timing = time(http, base, path, true);
                out.printf(Locale.ROOT, "| `%s` | %d | %,d | %.1f | %.1f | %.1f |%n", timing.path(), timing.status(), timing.bytes(), timing.p50(),
                        timing.p95(), timing.max());
                out.flush();
            }
            // the pages, as a signed-in admin sees them (a session, not the token)
            HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
            logIn(session, base, Files.readString(data.resolve("admin-password")).strip());
            for (String path : List.of("/console?days=30", "/console/market", "/console/segments", "/console/customers/1", "/console/initiatives/1",
                    "/console/rules", "/console/data", "/console/users")) {
                Timing timing = time(session, base, path, false);
                out.printf(Locale.ROOT, "| `%s` (page) | %d | %,d | %.1f | %.1f | %.1f |%n", timing.path(), timing.status(), timing.bytes(), timing.p50(),
                        timing.p95(), timing.max());
                out.flush();
            }
            double[] scan = baseline(server.getBean(DataSource.class));
            out.println();
            out.printf(Locale.ROOT, "Raw baseline, one scan of the event log for 30 days' orders (what the overview did per request before the "
                    + "aggregates): p50 %.1f ms, max %.1f ms over %d scans%n", scan[0], scan[1], 5);
            return 0;
        } finally {
            if (server != null) {
                server.close();
            }
            if (temporary) {
                Directories.delete(data);
            }
        }
    }

    private void waitUntilCaughtUp(ConfigurableApplicationContext server, PrintWriter out, long start) throws InterruptedException {
        DemoLoader demo = server.getBean(DemoLoader.class);
        Processors processors = server.getBean(Processors.class);
        EventLog log = server.getBean(EventLog.class);
        long lastReport = 0;
        while (true) {
            DemoLoader.Progress progress = demo.progress();
            String phase = progress == null ? "starting" : progress.phase();
            long behind = processors.statuses().stream().mapToLong(ProcessorStatus::lagEvents).max().orElse(0);
            boolean loaded = progress == null || List.of("loaded", "off", "skipped", "failed").contains(phase);
            // lag 0 (a processor that has met its replay target with nothing new to read may still say "replaying")
            if (loaded && behind == 0 && processors.statuses().stream().noneMatch(ProcessorStatus::down)) {
                out.printf(Locale.ROOT, "  loaded and processed in %.0f s%n", (System.nanoTime() - start) / 1e9);
                return;
            }
            if (System.nanoTime() - lastReport > 30e9) {
                lastReport = System.nanoTime();
                out.printf(Locale.ROOT, "  %4.0f s: demo %s, %,d events in the log, slowest processor %,d behind%n", (lastReport - start) / 1e9, phase,
                        log.head(), behind);
                out.flush();
            }
            Thread.sleep(1000);
        }
    }

    /** The dashboard calls: the console's JSON APIs with their usual parameters, and its pages. */
    private List<String> endpoints(HttpClient http, String base) throws Exception {
        List<String> paths = new ArrayList<>(List.of("/api/console/overview?days=30", "/api/console/overview?days=90",
                "/api/console/overview?days=30&region=" + encode("华东"), "/api/console/overview?days=30&channel=app",
                "/api/console/overview?days=30&segment=cluster:0", "/api/console/changes"));
        Map<String, Object> overview = JsonValues.parseObject(get(http, base, "/api/console/overview?days=30&lang=en", true).body());
        if (overview.get("topics") instanceof List<?> topics && !topics.isEmpty()) {
            paths.add("/api/console/verbatims?days=30&topic=" + encode(String.valueOf(((Map<?, ?>) topics.get(0)).get("topic"))));
        }
        paths.addAll(List.of("/api/console/rules", "/api/console/data", "/api/console/market?days=30", "/api/console/market?days=90",
                "/api/console/segments", "/api/console/segments/compare?a=cluster:0&b=cluster:1", "/api/console/initiatives",
                "/api/console/initiatives/1", "/api/console/initiatives/2", "/api/console/customers?q=" + encode("王"),
                "/api/console/customers/1", "/api/console/customers/1/timeline"));
        return paths;
    }

    private Timing time(HttpClient http, String base, String path, boolean token) throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < warmup; i++) {
            last = get(http, base, path, token);
        }
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            last = get(http, base, path, token);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Timing(path, last == null ? 0 : last.statusCode(), last == null ? 0 : last.body().getBytes(StandardCharsets.UTF_8).length,
                quantile(millis, 0.5), quantile(millis, 0.95), millis[millis.length - 1]);
    }

    private static HttpResponse<String> get(HttpClient http, String base, String path, boolean token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", "zh-CN").timeout(Duration.ofSeconds(60));
        if (token) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Signs in through the login form as the bootstrap admin (its password is in the data directory). */
    private static void logIn(HttpClient session, String base, String password) throws Exception {
        String form = get(session, base, "/login", false).body();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String body = "username=admin&password=" + encode(password) + "&_csrf=" + encode(token.group(1));
        HttpResponse<String> answer = session.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 302 || answer.headers().firstValue("Location").orElse("").contains("/login")) {
            throw new IllegalStateException("signing in as admin failed: " + answer.statusCode() + " " + answer.headers().firstValue("Location"));
        }
    }

    /** Nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double[] baseline(DataSource store) throws Exception {
        double[] millis = new double[5];
        try (Connection connection = store.getConnection(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                try (ResultSet rows = statement.executeQuery("SELECT count(*), sum(TRY_CAST(payload->>'$.properties.revenue' AS DOUBLE)) FROM event_log "
                        + "WHERE payload->>'$.event' = 'Order Completed' AND CAST(payload->>'$.timestamp' AS TIMESTAMP) >= now() - INTERVAL 30 DAY")) {
                    rows.next();
                }
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new double[] {quantile(millis, 0.5), millis[millis.length - 1]};
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
