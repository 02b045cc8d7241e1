package io.percept.cli;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.EmbeddedStore;
import io.percept.profile.Profiles;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The unify benchmark (issue 4): build a synthetic population in the log, then measure the unify
 * processor's catch-up rate, its lag under a steady live rate, the memory it holds per profile,
 * and profile lookups by identifier over HTTP against the same lookup in-process (the floor) and
 * a DuckDB point query on the mirrored table (the database round trip the design avoids).
 */
final class ProfileBench {

    /**
     * @param profiles      people in the population
     * @param liveRate      events per second appended while measuring lag
     * @param liveSeconds   how long the live phase runs
     * @param lookupSeconds how long each lookup phase runs
     * @param connections   concurrent HTTP lookup clients in the saturated run
     * @param lookupRate    requests per second of the steady-rate run
     */
    record Options(int profiles, int liveRate, int liveSeconds, int lookupSeconds, int connections, int lookupRate) {
    }

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String[] CITIES = {"上海", "北京", "杭州", "深圳", "成都", "Guangzhou", "Wuhan", "Nanjing"};
    private static final String[] CATEGORIES = {"tea", "skincare", "snacks", "appliances", "apparel", "baby", "sports"};

    private final Options options;
    private final PrintWriter out;

    ProfileBench(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Segments over every profile in memory: a bare scan that reads one field of each (the raw
     * baseline), then definitions of growing complexity and two over event windows (relative to now,
     * so their members depend on the day: the population's events fall in January to March 2025),
     * each the median of five evaluations.
     */
    void segments(ConfigurableApplicationContext server) {
        io.percept.profile.Profiles profiles = server.getBean(io.percept.profile.Profiles.class);
        io.percept.segmentation.Segments segments = server.getBean(io.percept.segmentation.Segments.class);
        long[] seen = new long[1];
        double scan = medianMillis(() -> profiles.forEach((id, facts) -> seen[0] += facts.value("orders") != null ? 1 : 0));
        out.printf(Locale.ROOT, "  segments: bare scan of %,d profiles reading one field: %.0f ms%n", profiles.count(), scan);
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "segments profiles=%d scan_ms=%.0f", profiles.count(), scan));
        int n = 0;
        for (String definition : List.of("orders >= 1", "orders >= 1 and revenue > 200 and traits.city in (\"上海\", \"北京\", \"深圳\")",
                "(favouriteCategories = \"tea\" or traits.name contains \"99\") and lastSeen > \"2020-01-01\" and not (traits.city = \"杭州\")",
                "events(640d, type = \"page\") >= 1", "events(640d, name = \"Home\", channel = \"app\") > 0 and orders(640d) = 0")) {
            long[] size = new long[1];
            double millis = medianMillis(() -> size[0] = segments.preview(definition, null, 0).size());
            out.printf(Locale.ROOT, "  segment %s: %,d members, %.0f ms (%.1f x the scan)%n", definition, size[0], millis, millis / scan);
            last.append(String.format(Locale.ROOT, " segment%d_ms=%.0f", ++n, millis));
        }
        out.println(last);
    }

    private static double medianMillis(Runnable work) {
        double[] times = new double[5];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - started) / 1e6;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    /** Phase 1, in a server without processors: appends the population's history. Returns the events appended. */
    long populate(ConfigurableApplicationContext server) throws Exception {
        EventLog log = server.getBean(EventLog.class);
        long started = System.nanoTime();
        long appended = 0;
        List<Event> batch = new ArrayList<>(1000);
        ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int person = 0; person < options.profiles(); person++) {
            history(person, random, batch);
            if (batch.size() >= 1000) {
                appended += batch.size();
                inFlight.add(log.append(List.copyOf(batch)));
                batch.clear();
                while (inFlight.size() > 16) {
                    inFlight.poll().join();
                }
            }
            if (person > 0 && person % 200_000 == 0) {
                out.printf(Locale.ROOT, "  populating: %,d people, %,d events%n", person, appended);
                out.flush();
            }
        }
        appended += batch.size();
        inFlight.add(log.append(List.copyOf(batch)));
        inFlight.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "  population: %,d people, %,d events appended in %.1f s (%,.0f events/s)%n", options.profiles(), appended,
                seconds, appended / seconds);
        return appended;
    }

    /** One person's history: anonymous visits, a login with traits, and orders for some. */
    private static void history(int person, SplittableRandom random, List<Event> into) {
        String user = "u-" + person;
        String anonymous = "a-" + person;
        Instant at = T0.plusSeconds(person * 7L % 31_536_000L);
        into.add(event(EventType.PAGE, person, 0, at, null, anonymous).name("Home")
                .context(Attributes.copyOf(Map.of("device", Map.of("id", "d-" + person, "type", "mobile"), "os", Map.of("name", "iOS"))))
                .build());
        into.add(event(EventType.IDENTIFY, person, 1, at.plusSeconds(60), user, anonymous)
                .traits(Attributes.copyOf(Map.of("email", user + "@example.com", "name", "Customer " + person, "city",
                        CITIES[person % CITIES.length])))
                .build());
        if (random.nextInt(10) < 3) {
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            into.add(event(EventType.TRACK, person, 2, at.plusSeconds(600), user, null).name("Order Completed")
                    .properties(Attributes.copyOf(Map.of("order_id", "o-" + person, "revenue", 20 + random.nextInt(500), "products",
                            List.of(Map.of("product_id", category + "-" + random.nextInt(50), "category", category, "quantity", 1)))))
                    .build());
        }
    }

    private static Event.Builder event(EventType type, int person, int n, Instant at, String user, String anonymous) {
        return Event.builder(type, new MessageId("bench-" + person + "-" + n), new SourceName("bench"), Channel.APP)
                .userId(user).anonymousId(anonymous).timestamp(at).receivedAt(Instant.now());
    }

    /**
     * Phase 5, in a fresh JVM (so no earlier server's objects linger) on the same data: the state
     * comes back from the snapshot (no replay); then the heap it holds per profile, against the
     * heap of a server without profiles measured in phase 1.
     */
    void restart(Path data, long heapBefore) throws Exception {
        List<String> command = new ArrayList<>(Launcher.javaCommand());
        command.addAll(List.of("bench", "profiles-restart", "--dir", data.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        try (java.io.BufferedReader lines = child.inputReader()) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("restart_result ")) {
                    result = line;
                }
            }
        }
        if (child.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the restart run failed (exit " + child.exitValue() + ")");
        }
        Map<String, Double> values = new java.util.HashMap<>();
        for (String pair : result.substring("restart_result ".length()).split(" ")) {
            String[] parts = pair.split("=");
            values.put(parts[0], Double.parseDouble(parts[1]));
        }
        double profiles = values.get("profiles");
        double perProfile = (values.get("heap") - heapBefore) / profiles;
        out.printf(Locale.ROOT, "  restart (new JVM): %,.0f profiles restored from the snapshot in %.1f s after start (no replay)%n", profiles,
                values.get("seconds"));
        out.printf(Locale.ROOT, "  memory: heap %,d MB in a server without profiles, %,.0f MB with them (after GC): %,.0f bytes per profile%n",
                heapBefore >> 20, values.get("heap") / (1 << 20), perProfile);
        out.printf(Locale.ROOT, "restart_seconds=%.1f bytes_per_profile=%.0f%n", values.get("seconds"), perProfile);
    }

    /** The child side of {@link #restart}: prints {@code restart_result profiles=.. seconds=.. heap=..}. */
    static void restartChild(ConfigurableApplicationContext server, long startedNanos, PrintWriter out) throws Exception {
        Profiles profiles = server.getBean(Profiles.class);
        long head = server.getBean(EventLog.class).head();
        while (profiles.position() < head) {
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long heap = usedHeapAfterGc();
        out.printf(Locale.ROOT, "restart_result profiles=%d seconds=%.2f heap=%d%n", profiles.count(), seconds, heap);
        out.flush();
    }

    /** Phase 2: the processor catches up with the population; returns events per second. */
    double catchUp(ConfigurableApplicationContext server, long events) throws Exception {
        Profiles profiles = server.getBean(Profiles.class);
        EventLog log = server.getBean(EventLog.class);
        long started = System.nanoTime();
        long head = log.head();
        long lastReport = started;
        while (profiles.position() < head) {
            Thread.sleep(50);
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                out.printf(Locale.ROOT, "  catching up: seq %,d of %,d%n", profiles.position(), head);
                out.flush();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = events / seconds;
        out.printf(Locale.ROOT, "  catch-up: %,d events -> %,d profiles in %.1f s: %,.0f events/s (identity + profile + index + audit)%n", events,
                profiles.count(), seconds, rate);
        out.printf(Locale.ROOT, "unify_catch_up_events_per_s=%.0f profiles=%d%n", rate, profiles.count());
        return rate;
    }

    /** Phase 3: a steady live rate; the lag from durable append to applied, per batch. */
    void live(ConfigurableApplicationContext server) throws Exception {
        Profiles profiles = server.getBean(Profiles.class);
        EventLog log = server.getBean(EventLog.class);
        int perBatch = Math.max(1, options.liveRate() / 50);
        SplittableRandom random = new SplittableRandom(7);
        List<long[]> pending = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + options.liveSeconds() * 1_000_000_000L;
        long next = start;
        long sent = 0;
        int counter = 0;
        while (System.nanoTime() < end) {
            List<Event> batch = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                int person = random.nextInt(options.profiles() + options.profiles() / 10);
                batch.add(event(EventType.TRACK, person, 1000 + counter++, Instant.now(), "u-" + person, null).name("Product Viewed")
                        .properties(Attributes.copyOf(Map.of("product_id", "p-" + random.nextInt(1000)))).build());
            }
            long seq = log.append(batch).join().lastSeq();
            pending.add(new long[] {seq, System.nanoTime()});
            sent += batch.size();
            applied(pending, profiles.position(), lags);
            next += 20_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        while (!pending.isEmpty()) {
            applied(pending, profiles.position(), lags);
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(Locale.ROOT, "  live: %,d events at %,.0f events/s for %.0f s; lag from durable append to applied: p50 %.0f ms, p99 %.0f ms, "
                + "max %.0f ms (sampled every 20 ms)%n", sent, sent / seconds, seconds, percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
        out.printf(Locale.ROOT, "unify_live_events_per_s=%.0f lag_p50_ms=%.0f lag_p99_ms=%.0f lag_max_ms=%.0f%n", sent / seconds,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Moves the appends the processor has applied from {@code pending} ({seq, appended at}) to {@code lags}. */
    private static void applied(List<long[]> pending, long position, List<Long> lags) {
        pending.removeIf(entry -> {
            if (entry[0] <= position) {
                lags.add(System.nanoTime() - entry[1]);
                return true;
            }
            return false;
        });
    }

    /** Phase 4: lookups by email: over HTTP, in-process, and as a DuckDB point query on the mirror. */
    void lookups(ConfigurableApplicationContext server, String baseUrl, String token) throws Exception {
        Profiles profiles = server.getBean(Profiles.class);
        long waitStarted = System.nanoTime();
        while (profiles.mirrorBacklog() > 0 && System.nanoTime() - waitStarted < 600_000_000_000L) {
            Thread.sleep(100);
        }
        out.printf(Locale.ROOT, "  mirror: the profiles table caught up %.1f s after the live phase%n", (System.nanoTime() - waitStarted) / 1e9);
        long[] inProcess = timed(1, options.lookupSeconds(), random -> {
            String email = "u-" + random.nextInt(options.profiles()) + "@example.com";
            return profiles.byIdentifier("email", email).isPresent();
        });
        report("in-process Profiles.byIdentifier", inProcess);
        EmbeddedStore store = server.getBean(EmbeddedStore.class);
        long[] duck;
        try (Connection connection = store.connect();
                PreparedStatement select = connection.prepareStatement("SELECT * FROM profiles WHERE email = ?")) {
            duck = timed(1, Math.min(options.lookupSeconds(), 10), random -> {
                try {
                    select.setString(1, "u-" + random.nextInt(options.profiles()) + "@example.com");
                    try (ResultSet rows = select.executeQuery()) {
                        return rows.next();
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        report("DuckDB point query on the profiles mirror", duck);
        Function<SplittableRandom, Boolean> httpLookup = random -> {
            String email = "u-" + random.nextInt(options.profiles()) + "@example.com";
            try {
                // HttpURLConnection: synchronous, keep-alive, the least client overhead of the JDK's clients
                HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/api/profiles/by-identifier/email/" + email).toURL()
                        .openConnection();
                connection.setRequestProperty("Authorization", "Bearer " + token);
                int status = connection.getResponseCode();
                try (InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream()) {
                    byte[] bytes = body.readAllBytes();
                    if (status != 200) {
                        throw new IllegalStateException("lookup answered " + status + ": " + new String(bytes, StandardCharsets.UTF_8));
                    }
                }
                return true;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        long[] overHttp = timed(options.connections(), options.lookupSeconds(), httpLookup);
        long[] atRate = timedAtRate(options.lookupRate(), options.lookupSeconds(), httpLookup);
        report(String.format(Locale.ROOT, "HTTP GET /api/profiles/by-identifier/email/{value} at a steady %,d requests/s (latency from the "
                + "scheduled send)", options.lookupRate()), atRate);
        report("HTTP GET /api/profiles/by-identifier/email/{value}, saturated: " + options.connections() + " clients back to back ("
                + String.format(Locale.ROOT, "%,.0f", overHttp.length / (double) options.lookupSeconds()) + " requests/s)", overHttp);
        io.micrometer.core.instrument.MeterRegistry meters = server.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        for (io.micrometer.core.instrument.Timer timer : meters.find("http.server.requests").timers()) {
            String uri = timer.getId().getTag("uri");
            if (uri != null && uri.contains("by-identifier")) {
                StringBuilder percentiles = new StringBuilder();
                for (io.micrometer.core.instrument.distribution.ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
                    percentiles.append(String.format(Locale.ROOT, " p%.0f %.3f ms,", value.percentile() * 100,
                            value.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
                }
                out.printf(Locale.ROOT, "  ... of which in the server (Spring MVC, request in to response out):%s %,d requests%n", percentiles,
                        timer.count());
            }
        }
        out.printf(Locale.ROOT, "lookup_http_rate=%d lookup_http_p50_ms=%.2f lookup_http_p99_ms=%.2f lookup_saturated_per_s=%.0f "
                + "lookup_saturated_p99_ms=%.2f lookup_in_process_p99_ms=%.3f lookup_duckdb_p99_ms=%.2f%n", options.lookupRate(),
                percentile(atRate, 0.5) / 1e6, percentile(atRate, 0.99) / 1e6, overHttp.length / (double) options.lookupSeconds(),
                percentile(overHttp, 0.99) / 1e6, percentile(inProcess, 0.99) / 1e6, percentile(duck, 0.99) / 1e6);
    }

    /**
     * Calls at a fixed rate (open loop) for the given seconds after 3 s of warm-up, from a pool
     * of 8 threads; each latency is measured from the call's scheduled time, so a stall counts
     * against every call it delays (no coordinated omission). Sorted latencies in ns.
     */
    private static long[] timedAtRate(int rate, int seconds, Function<SplittableRandom, Boolean> call) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long measureFrom = start + 3_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        java.util.concurrent.ConcurrentLinkedQueue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicLong misses = new AtomicLong();
        ThreadLocal<SplittableRandom> randoms = ThreadLocal.withInitial(() -> new SplittableRandom(Thread.currentThread().getId()));
        for (long i = 0;; i++) {
            long scheduled = start + i * period;
            if (scheduled >= end) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            pool.execute(() -> {
                if (!call.apply(randoms.get())) {
                    misses.incrementAndGet();
                }
                if (scheduled >= measureFrom) {
                    latencies.add(System.nanoTime() - scheduled);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        if (misses.get() > 0) {
            throw new IllegalStateException(misses.get() + " lookups found no profile");
        }
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private void report(String what, long[] sorted) {
        out.printf(Locale.ROOT, "  %s: %,d lookups, p50 %.3f ms, p99 %.3f ms, max %.1f ms%n", what, sorted.length,
                percentile(sorted, 0.5) / 1e6, percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
        out.flush();
    }

    /** Runs {@code call} from {@code threads} threads for the given seconds (after 3 s of warm-up); sorted latencies in ns. */
    private static long[] timed(int threads, int seconds, Function<SplittableRandom, Boolean> call) throws InterruptedException {
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        List<long[]> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicLong misses = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            results.add(null);
            int index = t;
            Thread worker = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(index);
                long[] latencies = new long[1 << 16];
                int count = 0;
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    boolean found = call.apply(random);
                    long took = System.nanoTime() - started;
                    if (!found) {
                        misses.incrementAndGet();
                    }
                    if (started >= warmEnd) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = took;
                    }
                }
                long[] measured = Arrays.copyOf(latencies, count);
                synchronized (results) {
                    results.set(index, measured);
                }
            }, "bench-lookup-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (misses.get() > 0) {
            throw new IllegalStateException(misses.get() + " lookups found no profile");
        }
        return results.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static long snapshotBytes(Path dataDir) throws java.io.IOException {
        Path snapshot = dataDir.resolve("state/unify.snapshot");
        return Files.exists(snapshot) ? Files.size(snapshot) : 0;
    }
}
