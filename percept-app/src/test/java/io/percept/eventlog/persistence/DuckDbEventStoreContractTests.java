package io.percept.eventlog.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.AppendReceipt;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventStore;
import io.percept.eventlog.EventStoreContract;
import io.percept.eventlog.LoggedEvent;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded log as the store port: events become durable by appending them. */
class DuckDbEventStoreContractTests extends EventStoreContract {

    @TempDir
    Path dir;

    private EmbeddedStore store;
    private DuckDbEventLog log;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        log = new DuckDbEventLog(store, EventLogSettings.defaults(), new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        log.close();
        store.close();
    }

    @Override
    protected EventStore eventStore() {
        return log;
    }

    @Override
    protected List<LoggedEvent> store(List<Event> events) {
        AppendReceipt receipt = log.append(events).orTimeout(30, TimeUnit.SECONDS).join();
        List<LoggedEvent> logged = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            logged.add(new LoggedEvent(receipt.seqOf(i), events.get(i)));
        }
        return logged;
    }
}
