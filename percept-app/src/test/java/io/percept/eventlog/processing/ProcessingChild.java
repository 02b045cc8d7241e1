package io.percept.eventlog.processing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM by {@link ProcessorCrashIT}: runs a slow {@link CountingProcessor} over the
 * log until it is killed or, with {@code finish}, until it has applied every event.
 */
public final class ProcessingChild {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        boolean finish = args.length > 1 && args[1].equals("finish");
        EmbeddedStore store = EmbeddedStore.open(data, new StoreOptions(512, 2, 4));
        try (Connection connection = store.connect()) {
            CountingProcessor.createTable(connection);
        }
        DuckDbEventLog log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
        ProcessorRunner runner = new ProcessorRunner(List.of(new CountingProcessor("counting", 15)), log, store,
                new EventLogSettings.Processors(true, 200, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ZERO), new SimpleMeterRegistry());
        runner.start();
        System.out.println("started at position " + CheckpointProbe.position(store));
        while (true) {
            Thread.sleep(50);
            if (finish && runner.workers().get(0).position() >= log.head()) {
                runner.stop();
                log.close();
                try (Connection connection = store.connect()) {
                    long[] stored = CountingProcessor.stored(connection, "counting");
                    System.out.println("finished events=" + stored[0] + " seq_sum=" + stored[1]);
                }
                store.close();
                System.exit(0);
            }
        }
    }
}
