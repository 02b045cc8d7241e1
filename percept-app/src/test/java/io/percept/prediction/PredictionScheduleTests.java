package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.HistoryLoaded;
import io.percept.platform.HistoryLoading;
import io.percept.profile.Profiles;
import io.percept.testing.TestServers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Scheduled runs wait while history is being loaded and follow the end of a load once the profiles have applied it. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PredictionScheduleTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestServers.register(registry, "schedule-token-00001", "shop:web:key-schedule-0000001");
        registry.add("percept.prediction.first-run", () -> "0s");
    }

    @Autowired
    Predictions predictions;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    EventLog eventLog;

    @Autowired
    Profiles profiles;

    @Autowired
    @Qualifier("predictionRuns")
    ScheduledExecutorService executor;

    @Test
    void aLoadHoldsTheScheduleAndItsEndStartsARun() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (predictions.status().map(run -> run.finishedAt() == null).orElse(false)) {
            assertThat(System.nanoTime()).as("a run the ticker may have started on the empty store ends").isLessThan(deadline);
            Thread.sleep(20);
        }
        int before = predictions.runs(100).size();
        publisher.publishEvent(new HistoryLoading("test history"));
        Instant now = Instant.now();
        List<Event> orders = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            for (int day = 200; day > 0; day -= 30 + c) {
                orders.add(Event.builder(EventType.TRACK, new MessageId(UUID.randomUUID().toString()), new SourceName("shop"), Channel.WEB)
                        .name("Order Completed").userId("schedule-" + c)
                        .properties(Attributes.copyOf(Map.of("revenue", 50 + c, "products", List.of(Map.of("product_id", "P-" + (c % 4))))))
                        .timestamp(now.minus(day, ChronoUnit.DAYS)).receivedAt(now).build());
            }
        }
        long head = eventLog.append(orders).get(30, TimeUnit.SECONDS).lastSeq();
        while (profiles.position() < head) {
            assertThat(System.nanoTime()).as("profiles caught up in time").isLessThan(deadline);
            Thread.sleep(20);
        }

        predictions.tick(executor);
        Thread.sleep(200);
        assertThat(predictions.runs(100)).as("no run while the history is loading, though first-run has passed").hasSize(before);

        publisher.publishEvent(new HistoryLoaded("test history", orders.size()));
        predictions.tick(executor);
        Predictions.Run run;
        do {
            Thread.sleep(50);
            run = predictions.status().orElse(null);
            assertThat(System.nanoTime()).as("the run finished in time").isLessThan(deadline);
        } while (run == null || run.finishedAt() == null || predictions.runs(100).size() == before);
        assertThat(run.status()).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(run.summary()).containsEntry("customers", 30);
        assertThat(predictions.scoresOf(profiles.byIdentifier("user_id", "schedule-0").orElseThrow().id())).containsKeys("pAlive", "clv");

        predictions.tick(executor);
        Thread.sleep(200);
        assertThat(predictions.runs(100)).as("one run: the next waits for the interval").hasSize(before + 1);
    }
}
