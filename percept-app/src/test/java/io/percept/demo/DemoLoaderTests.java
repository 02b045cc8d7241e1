package io.percept.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.SourceName;
import io.percept.ingest.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo loads through the ingest path, once per seed and size. */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DemoLoaderTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("percept-demo-test-");
        registry.add("percept.platform.data-dir", data::toString);
        registry.add("percept.demo.customers", () -> "80");
        registry.add("percept.demo.days", () -> "30");
        registry.add("percept.demo.seed", () -> "7");
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
    void loadsEveryGeneratedMessageOnceThroughItsChannelsSources() {
        long expected = new DemoHistory(settings, Instant.now()).generate().values().stream().mapToLong(java.util.List::size).sum();
        long before = eventLog.head();

        loader.loadOnce();
        long afterFirst = eventLog.head();
        loader.loadOnce();

        assertThat(afterFirst - before).isEqualTo(expected);
        assertThat(eventLog.head()).isEqualTo(afterFirst);
        assertThat(sources.find(new SourceName("demo-web"))).isPresent();
        assertThat(sources.find(new SourceName("demo-ecommerce"))).isPresent();
    }
}
