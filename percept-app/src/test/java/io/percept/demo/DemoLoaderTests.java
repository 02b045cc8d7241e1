package io.percept.demo;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.SourceName;
import io.percept.ingest.Sources;
import java.io.IOException;
import java.nio.file.Path;
import io.percept.demo.world.Feed;
import io.percept.demo.world.World;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo world loads through the tracking path and the importers, every record once, and only once per store. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DemoLoaderTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = TestServers.temporaryDirectory("percept-demo-test-");
        registry.add("percept.platform.data-dir", data::toString);
        registry.add("percept.demo.customers", () -> "150");
        registry.add("percept.demo.days", () -> "120");
        registry.add("percept.demo.seed", () -> "7");
        registry.add("percept.demo.end", () -> "2026-11-01");
    }

    @Autowired
    DemoLoader loader;

    @Autowired
    EventLog eventLog;

    @Autowired
    Sources sources;

    @Autowired
    DemoSettings settings;

    @Test
    void loadsEveryGeneratedRecordOnceThroughTheTrackingPathAndTheImporters() throws IOException {
        World world = new World(new World.Settings(settings.seed(), settings.customers(), settings.days(), settings.end()));
        long expected;
        try (WorldFiles counter = new WorldFiles(TestServers.temporaryDirectory("percept-demo-count-"), Set.of())) {
            world.generate(counter, done -> {
            });
            expected = counter.records();
            for (Feed feed : Feed.values()) {
                assertThat(counter.records(feed)).as("records of %s", feed).isPositive();
            }
        }
        long before = eventLog.head();
        assertThat(loader.progress().phase()).isEqualTo("off");

        loader.loadOnce();
        long afterFirst = eventLog.head();
        DemoLoader.Progress loaded = loader.progress();
        loader.loadOnce();

        assertThat(afterFirst - before).isEqualTo(expected);
        assertThat(loaded.phase()).isEqualTo("loaded");
        assertThat(loaded.stored()).isEqualTo(expected);
        assertThat(loaded.customers()).isEqualTo(settings.customers());
        assertThat(loader.progress()).extracting(DemoLoader.Progress::phase, DemoLoader.Progress::detail)
                .containsExactly("loaded", "loaded before");
        assertThat(eventLog.head()).isEqualTo(afterFirst);
        for (Feed feed : Feed.values()) {
            assertThat(sources.find(new SourceName(feed.source()))).as(feed.source()).get()
                    .extracting(source -> source.channel()).isEqualTo(feed.channel());
        }
    }
}
