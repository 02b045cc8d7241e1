package io.percept.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook deliveries against real HTTP receivers on local ports, over a real store. */
class DeliveriesTests {

    private static final String SECRET = "whsec-test-0123456789";

    @TempDir
    Path dir;

    private EmbeddedStore store;
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<Deliveries> started = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, new StoreOptions(256, 2, 0));
    }

    @AfterEach
    void close() {
        started.forEach(Deliveries::close);
        receivers.forEach(Receiver::close);
        store.close();
    }

    @Test
    void signsTheBodyAndSendsTheIdempotencyKey() throws Exception {
        Receiver receiver = receiver(request -> 200);
        Deliveries deliveries = deliveries(fastRetries());
        String payload = "{\"rule\":\"vip\",\"event\":{\"name\":\"Order Completed\",\"total\":12.5,\"note\":\"café\"}}";

        long id = deliveries.enqueue(Delivery.of("vip", "vip:evt-1", receiver.url(), SECRET, payload));

        await(() -> receiver.requests.size() == 1);
        Received request = receiver.requests.get(0);
        assertThat(request.body()).isEqualTo(payload);
        assertThat(request.header("Percept-Idempotency-Key")).isEqualTo("vip:evt-1");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Percept-Delivery")).isEqualTo(Long.toString(id));
        String signature = request.header("Percept-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(Long.parseLong(t)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(signature.substring(signature.indexOf(",v1=") + 4)).isEqualTo(hmacHex(SECRET, t + "." + payload));
        await(() -> status(deliveries, id) == DeliveryStatus.DELIVERED);
    }

    @Test
    void retriesServerErrorsWithBackoffUntilDelivered() {
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> calls.incrementAndGet() <= 2 ? 500 : 200);
        Deliveries deliveries = deliveries(fastRetries());

        long id = deliveries.enqueue(new Delivery("retry", "retry:1", receiver.url(), SECRET, "{}", null, 5));

        await(() -> status(deliveries, id) == DeliveryStatus.DELIVERED);
        DeliveryRecord stored = deliveries.list("retry", "delivered", 10).get(0);
        assertThat(stored.attempts()).isEqualTo(3);
        assertThat(stored.lastCode()).isEqualTo(200);
        assertThat(receiver.requests).extracting(r -> r.header("Percept-Attempt")).containsExactly("1", "2", "3");
        DeliveryStats stats = deliveries.stats("retry");
        assertThat(stats.retried()).isEqualTo(2);
        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.stored()).containsEntry(DeliveryStatus.DELIVERED, 1L).containsEntry(DeliveryStatus.PENDING, 0L);
        assertThat(stats.p99()).isPositive().isGreaterThanOrEqualTo(stats.p50());
        assertThat(meters.get("percept.rule.deliveries").tag("rule", "retry").tag("outcome", "retried").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("percept.rule.delivery").tag("rule", "retry").timer().count()).isEqualTo(1);
    }

    @Test
    void sendsNoSignatureWithoutASecretAndWaitsAsARetryAfterSays() {
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> calls.incrementAndGet() == 1 ? 429 : 200);
        receiver.retryAfter = "1";
        DeliverySettings settings = new DeliverySettings(1, 1000, Duration.ofSeconds(2), 8, Duration.ofMillis(1), Duration.ofSeconds(30),
                "X-Signature", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(20));
        Deliveries deliveries = deliveries(settings);

        long id = deliveries.enqueue(Delivery.of("unsigned", "unsigned:1", receiver.url(), null, "{}"));

        await(() -> status(deliveries, id) == DeliveryStatus.DELIVERED);
        assertThat(receiver.requests).hasSize(2).allSatisfy(r -> assertThat(r.header("X-Signature")).isNull());
        assertThat(receiver.requests.get(1).nanos() - receiver.requests.get(0).nanos()).as("1 s Retry-After, not the 1 ms backoff")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
    }

    @Test
    void deadLettersAfterTheLastAttemptAndAtOnceWhenTheReceiverRefuses() {
        Receiver failing = receiver(request -> 503);
        Receiver refusing = receiver(request -> 422);
        Deliveries deliveries = deliveries(fastRetries());

        long exhausted = deliveries.enqueue(new Delivery("dead", "dead:1", failing.url(), SECRET, "{}", null, 3));
        long refused = deliveries.enqueue(new Delivery("dead", "dead:2", refusing.url(), SECRET, "{}", null, 3));

        await(() -> status(deliveries, exhausted) == DeliveryStatus.DEAD && status(deliveries, refused) == DeliveryStatus.DEAD);
        assertThat(failing.requests).hasSize(3);
        assertThat(refusing.requests).hasSize(1);
        assertThat(record(deliveries, exhausted).lastError()).isEqualTo("HTTP 503");
        DeliveryStats stats = deliveries.stats("dead");
        assertThat(stats.dead()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.retried()).isEqualTo(2);
        assertThat(stats.stored()).containsEntry(DeliveryStatus.DEAD, 2L);
    }

    @Test
    void replaysDeadDeliveriesWithTheirAttemptsReset() {
        AtomicInteger answer = new AtomicInteger(500);
        Receiver receiver = receiver(request -> answer.get());
        Deliveries deliveries = deliveries(fastRetries());
        long first = deliveries.enqueue(new Delivery("replay", "replay:1", receiver.url(), SECRET, "{\"n\":1}", null, 2));
        long second = deliveries.enqueue(new Delivery("replay", "replay:2", receiver.url(), SECRET, "{\"n\":2}", null, 2));
        await(() -> deliveries.list("replay", "dead", 10).size() == 2);

        answer.set(200);
        assertThat(deliveries.replay(first)).isTrue();
        await(() -> status(deliveries, first) == DeliveryStatus.DELIVERED);
        assertThat(record(deliveries, first).attempts()).isEqualTo(1);
        assertThat(status(deliveries, second)).isEqualTo(DeliveryStatus.DEAD);

        assertThat(deliveries.replayDead("replay")).isEqualTo(1);
        await(() -> status(deliveries, second) == DeliveryStatus.DELIVERED);
        assertThat(deliveries.replay(second)).as("only dead deliveries replay").isFalse();
        assertThat(receiver.requests).hasSize(2 + 2 + 2);
    }

    @Test
    void aDeadOrSlowDestinationDoesNotDelayAnother() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Receiver slow = receiver(request -> {
            await(stop, Duration.ofSeconds(10));
            return 200;
        });
        URI closedPort = closedPort();
        Receiver healthy = receiver(request -> 200);
        Deliveries deliveries = deliveries(fastRetries());
        for (int i = 0; i < 20; i++) {
            deliveries.enqueue(new Delivery("slow", "slow:" + i, slow.url(), SECRET, "{}", Duration.ofMillis(500), 8));
            deliveries.enqueue(new Delivery("gone", "gone:" + i, closedPort, SECRET, "{}", null, 8));
        }

        long startedNanos = System.nanoTime();
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Delivery.of("healthy", "healthy:" + i, healthy.url(), SECRET, "{\"i\":" + i + "}"));
        }
        deliveries.enqueueAll(batch);
        await(() -> healthy.requests.size() == 50);
        long healthyMillis = (System.nanoTime() - startedNanos) / 1_000_000;

        // one after the other, the slow receiver's 20 deliveries time out after 500 ms each: it is still on its first few
        assertThat(slow.requests.size()).isLessThan(20);
        assertThat(healthyMillis).isLessThan(3_000);
        assertThat(deliveries.stats("slow").delivered()).isZero();
        assertThat(deliveries.stats("gone").delivered()).isZero();
        assertThat(healthy.requests).extracting(Received::body).contains("{\"i\":0}", "{\"i\":49}");
        stop.countDown();
    }

    @Test
    void aReceiverThatHangsIsCutOffByTheTimeoutItsBacklogWaitsInTheStoreAndAllOfItFollowsOnceItAnswers() {
        CountDownLatch recovered = new CountDownLatch(1);
        Receiver hanging = receiver(request -> {
            // answers after 30 s while "down", at once after it recovers
            await(recovered, Duration.ofSeconds(30));
            return 200;
        });
        Receiver healthy = receiver(request -> 200);
        DeliverySettings small = new DeliverySettings(1, 5, Duration.ofMillis(300), 100, Duration.ofMillis(20), Duration.ofMillis(200),
                "Percept-Signature", Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(20));
        Deliveries deliveries = deliveries(small);
        List<Delivery> backlog = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            backlog.add(new Delivery("hung", "hung:" + i, hanging.url(), SECRET, "{\"i\":" + i + "}", null, 100));
        }
        deliveries.enqueueAll(backlog);
        long started = System.nanoTime();
        List<Delivery> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(Delivery.of("fine", "fine:" + i, healthy.url(), SECRET, "{}"));
        }
        deliveries.enqueueAll(others);

        await(() -> healthy.requests.size() == 20);
        long othersMillis = (System.nanoTime() - started) / 1_000_000;
        // attempts are cut off after 300 ms each instead of waiting 30 s: several went out one after the other
        await(() -> hanging.requests.size() >= 4);
        assertThat(deliveries.stats("hung").delivered()).isZero();
        assertThat(deliveries.stats("hung").stored()).containsEntry(DeliveryStatus.PENDING, 200L);

        recovered.countDown();
        await(() -> deliveries.list("hung", "delivered", 1000).size() == 200);
        assertThat(hanging.requests).extracting(r -> r.header("Percept-Idempotency-Key")).containsAll(
                backlog.stream().map(Delivery::idempotencyKey).toList());
        assertThat(deliveries.stats("hung").stored()).containsEntry(DeliveryStatus.DELIVERED, 200L).containsEntry(DeliveryStatus.DEAD, 0L);
        assertThat(othersMillis).as("another destination's deliveries are not held up (ms)").isLessThan(5_000);
    }

    @Test
    void deliveriesAFullQueueTurnsAwayWaitInTheStoreAndFollow() {
        Receiver receiver = receiver(request -> 200);
        DeliverySettings small = new DeliverySettings(1, 2, Duration.ofSeconds(2), 8, Duration.ofMillis(20), Duration.ofMillis(100),
                "Percept-Signature", Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(20));
        Deliveries deliveries = deliveries(small);
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(Delivery.of("burst", "burst:" + i, receiver.url(), SECRET, "{}"));
        }

        deliveries.enqueueAll(batch);

        await(() -> deliveries.list("burst", "delivered", 100).size() == 30);
        assertThat(receiver.requests).extracting(r -> r.header("Percept-Idempotency-Key")).doesNotHaveDuplicates().hasSize(30);
    }

    @Test
    void storesAnIdempotencyKeyOnce() {
        Receiver receiver = receiver(request -> 200);
        Deliveries deliveries = deliveries(fastRetries());
        Delivery delivery = Delivery.of("once", "once:evt-7", receiver.url(), SECRET, "{}");

        long id = deliveries.enqueue(delivery);
        List<Long> again = deliveries.enqueueAll(List.of(delivery, Delivery.of("once", "once:evt-8", receiver.url(), SECRET, "{}"), delivery));

        assertThat(again.get(0)).isEqualTo(id);
        assertThat(again.get(2)).isEqualTo(id);
        assertThat(again.get(1)).isNotEqualTo(id);
        await(() -> deliveries.list("once", "delivered", 10).size() == 2);
        assertThat(deliveries.list("once", null, 10)).hasSize(2);
        assertThat(receiver.requests).extracting(r -> r.header("Percept-Idempotency-Key")).containsExactlyInAnyOrder("once:evt-7", "once:evt-8");
    }

    @Test
    void submittedDeliveriesLeaveBeforeTheirRowsAreStoredAndTheirOutcomesFollowTheRows() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> {
            if (calls.incrementAndGet() == 1) {
                arrived.countDown();
                await(answer, Duration.ofSeconds(10));
                return 500;
            }
            return 200;
        });
        Deliveries deliveries = new Deliveries(store, fastRetries(), meters, java.time.Clock.systemUTC());
        started.add(deliveries);
        // not started: nothing writes the rows until a flush

        java.util.concurrent.CompletableFuture<Void> stored = deliveries.submit(List.of(
                new Delivery("early", "early:1", receiver.url(), SECRET, "{\"n\":1}", null, 3),
                new Delivery("early", "early:1", receiver.url(), SECRET, "{\"n\":1}", null, 3)));

        assertThat(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the first attempt went ahead of the row").isTrue();
        assertThat(stored).isNotDone();
        try (java.sql.Connection connection = store.connect(); java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM rule_deliveries")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
        answer.countDown();
        deliveries.start();
        stored.get(10, java.util.concurrent.TimeUnit.SECONDS);
        await(() -> deliveries.list("early", "delivered", 10).size() == 1);
        assertThat(deliveries.list("early", null, 10)).as("a key submitted twice is stored once").hasSize(1);
        assertThat(deliveries.list("early", "delivered", 10).get(0).attempts()).as("the retry after the 500 reached the row").isGreaterThanOrEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void batchesWhatWaitsForTheSameUrlIntoOneSignedRequestAndRetriesEachDeliveryOfAFailedBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                await(release, Duration.ofSeconds(10));
            }
            return call == 2 ? 503 : 200;
        });
        Deliveries deliveries = deliveries(fastRetries());
        deliveries.enqueue(new Delivery("batched", "batched:0", receiver.url(), SECRET, "{\"n\":0}", null, 5, 50));
        await(() -> calls.get() == 1);
        // the only thread is busy: these wait, then leave together
        List<Delivery> waiting = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            waiting.add(new Delivery("batched", "batched:" + i, receiver.url(), SECRET, "{\"n\":" + i + "}", null, 5, 50));
        }
        waiting.add(new Delivery("alone", "alone:1", receiver.url(), SECRET, "{\"n\":99}", null, 5));
        deliveries.enqueueAll(waiting);
        release.countDown();

        await(() -> deliveries.list(null, "delivered", 100).size() == 7);
        Received batch = receiver.requests.get(1);
        assertThat(batch.header("Percept-Batch-Size")).isEqualTo("5");
        assertThat(batch.header("Percept-Idempotency-Key")).as("each item carries its key").isNull();
        String t = batch.header("Percept-Signature").substring(2, batch.header("Percept-Signature").indexOf(','));
        assertThat(batch.header("Percept-Signature")).endsWith(",v1=" + hmacHex(SECRET, t + "." + batch.body()));
        List<Map<String, Object>> items = (List<Map<String, Object>>) io.percept.platform.JsonValues.parseObject(batch.body()).get("batch");
        assertThat(items).extracting(item -> item.get("idempotencyKey")).containsExactly("batched:1", "batched:2", "batched:3", "batched:4", "batched:5");
        assertThat(items.get(2).get("payload")).isEqualTo(Map.of("n", 3L));
        // the 503 sent all five back for a retry; the delivery that allows no batch went alone
        assertThat(receiver.requests).filteredOn(r -> r.header("Percept-Batch-Size") == null).extracting(r -> r.header("Percept-Idempotency-Key"))
                .contains("batched:0", "alone:1");
        assertThat(deliveries.list("batched", "delivered", 10)).filteredOn(r -> !r.idempotencyKey().equals("batched:0"))
                .allSatisfy(r -> assertThat(r.attempts()).isEqualTo(2));
    }

    @Test
    void pendingDeliveriesResumeAfterARestart() {
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> {
            if (calls.incrementAndGet() == 1) {
                await(hold, Duration.ofSeconds(10));
            }
            return 200;
        });
        Deliveries before = deliveries(fastRetries());
        for (int i = 0; i < 3; i++) {
            before.enqueue(Delivery.of("resume", "resume:" + i, receiver.url(), SECRET, "{\"n\":" + i + "}"));
        }
        await(() -> calls.get() == 1);
        assertThat(before.list("resume", "pending", 10)).as("stored before the first attempt").hasSize(3);
        before.close();
        hold.countDown();

        Deliveries after = deliveries(fastRetries());

        await(() -> after.list("resume", "delivered", 10).size() == 3);
        assertThat(receiver.requests).extracting(r -> r.header("Percept-Idempotency-Key")).contains("resume:0", "resume:1", "resume:2");
        assertThat(after.stats("resume").delivered()).isEqualTo(3);
    }

    @Test
    void backsOffExponentiallyWithFullJitterAndHonoursRetryAfterUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
        SplittableRandom random = new SplittableRandom(7);
        long longestThird = 0;
        for (int i = 0; i < 2000; i++) {
            assertThat(backoff.delay(1, null, random)).isBetween(Duration.ZERO, Duration.ofMillis(500));
            Duration third = backoff.delay(3, null, random);
            assertThat(third).isBetween(Duration.ZERO, Duration.ofMillis(2000));
            longestThird = Math.max(longestThird, third.toMillis());
            assertThat(backoff.delay(40, null, random)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
        }
        assertThat(longestThird).isGreaterThan(1900);
        assertThat(backoff.delay(1, Duration.ofSeconds(3), random)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(1, Duration.ofHours(1), random)).isEqualTo(Duration.ofSeconds(10));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(WebhookSender.retryAfter("120", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(WebhookSender.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WebhookSender.retryAfter("soon", now)).isNull();
        assertThat(WebhookSender.Outcome.ofStatus(429, Duration.ofSeconds(1)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(WebhookSender.Outcome.ofStatus(500, Duration.ofSeconds(1)).retryAfter()).isNull();
        assertThat(WebhookSender.Outcome.ofStatus(408, null).retryable()).isTrue();
        assertThat(WebhookSender.Outcome.ofStatus(404, null).retryable()).isFalse();
    }

    @Test
    void refusesAnIncompleteDelivery() {
        URI url = URI.create("http://localhost:1/hook");
        assertThatIllegalArgumentException().isThrownBy(() -> Delivery.of("r", " ", url, SECRET, "{}"));
        assertThatIllegalArgumentException().isThrownBy(() -> Delivery.of("r", "k", URI.create("ftp://host/x"), SECRET, "{}"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Delivery("r", "k", url, SECRET, "{}", Duration.ZERO, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> Delivery.of("r", "k", url, SECRET, " {}")).withMessageContaining("JSON object or array");
        assertThatIllegalArgumentException().isThrownBy(() -> new Delivery("r", "k", url, SECRET, "{}", null, 1, 0)).withMessageContaining("batch");
        assertThat(Delivery.of("r", "k", URI.create("HTTPS://Example.COM/x"), null, "{}").destination()).isEqualTo("https://example.com:443");
    }

    // ---- helpers

    private static DeliverySettings fastRetries() {
        return new DeliverySettings(1, 1000, Duration.ofSeconds(2), 8, Duration.ofMillis(20), Duration.ofMillis(100), "Percept-Signature",
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(20));
    }

    private Deliveries deliveries(DeliverySettings settings) {
        Deliveries deliveries = new Deliveries(store, settings, meters, Clock.systemUTC());
        deliveries.start();
        started.add(deliveries);
        return deliveries;
    }

    private static DeliveryStatus status(Deliveries deliveries, long id) {
        return record(deliveries, id).status();
    }

    private static DeliveryRecord record(Deliveries deliveries, long id) {
        return deliveries.list(null, null, 10_000).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    private static String hmacHex(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static void await(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }
    }

    private Receiver receiver(ToIntFunction<Received> answer) {
        Receiver receiver = new Receiver(answer);
        receivers.add(receiver);
        return receiver;
    }

    record Received(Map<String, List<String>> headers, String body, long nanos) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** A webhook receiver on a free local port that records each request and answers as told. */
    static final class Receiver implements AutoCloseable {

        final List<Received> requests = new CopyOnWriteArrayList<>();
        volatile String retryAfter;
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        Receiver(ToIntFunction<Received> answer) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/hook", exchange -> {
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(exchange.getRequestHeaders());
                Received request = new Received(headers,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
                requests.add(request);
                int status = answer.applyAsInt(request);
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.setExecutor(threads);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
