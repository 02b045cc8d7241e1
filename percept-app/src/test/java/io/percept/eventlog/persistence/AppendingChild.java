package io.percept.eventlog.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.AppendReceipt;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Run in a child JVM by {@link EventLogCrashIT}: appends batches from four threads forever and,
 * after each durable acknowledgement, writes {@code seq messageId} lines to the ack file, until it
 * is killed. Checkpoints every 4 MiB of WAL so kills also land during checkpoints.
 */
public final class AppendingChild {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String prefix = args[2];
        EmbeddedStore store = EmbeddedStore.open(data, new StoreOptions(512, 2, 4));
        EventLogSettings defaults = EventLogSettings.defaults();
        DuckDbEventLog log = new DuckDbEventLog(store, new EventLogSettings(
                new EventLogSettings.GroupCommit(2_000, Duration.ofMillis(1)), 100_000, 4096, defaults.processors()), new SimpleMeterRegistry());
        FileOutputStream acks = new FileOutputStream(args[1], true);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            Thread thread = new Thread(() -> produce(log, acks, prefix + "-p" + producer, new SplittableRandom(producer * 31L + prefix.hashCode())));
            thread.start();
            producers.add(thread);
        }
        for (Thread producer : producers) {
            producer.join();
        }
    }

    private static void produce(DuckDbEventLog log, FileOutputStream acks, String prefix, SplittableRandom random) {
        SourceName source = new SourceName("crash-test");
        long n = 0;
        while (true) {
            int size = 1 + random.nextInt(200);
            List<Event> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(Event.builder(EventType.TRACK, new MessageId(prefix + "-" + n++), source, Channel.IOT).userId("device-" + random.nextInt(1000))
                        .name("Telemetry Reported").properties(Attributes.copyOf(Map.of("temperature", random.nextDouble() * 40,
                                "firmware", "v" + random.nextInt(9), "text", "状态正常 ok " + "x".repeat(random.nextInt(200))))).build());
            }
            AppendReceipt receipt = log.append(batch).join();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < batch.size(); i++) {
                lines.append(receipt.seqOf(i)).append(' ').append(batch.get(i).messageId().value()).append('\n');
            }
            synchronized (acks) {
                try {
                    acks.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
