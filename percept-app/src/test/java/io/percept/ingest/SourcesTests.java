package io.percept.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.domain.SourceSpec;
import io.percept.ingest.persistence.SourceRecords;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class SourcesTests {

    @TempDir
    Path dir;

    private EmbeddedStore store;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Sources sources() {
        return new Sources(new SourceRecords(JdbcClient.create(store.dataSource())), Clock.systemUTC());
    }

    @Test
    void createsSourcesThatSurviveARestartAndAuthenticateTheirKeys() {
        SourceCreation created = sources().create(new SourceName("shop"), Channel.ECOMMERCE, null);
        Source shop = ((SourceCreation.Created) created).source();

        Sources reloaded = sources();

        assertThat(reloaded.find(new SourceName("shop"))).contains(shop);
        assertThat(reloaded.authenticate(shop.writeKey().value())).contains(shop);
        assertThat(reloaded.authenticate("unknown-key")).isEmpty();
        assertThat(reloaded.authenticate(null)).isEmpty();
        assertThat(shop.writeKey().value()).hasSize(32);
    }

    @Test
    void refusesADuplicateNameOrKey() {
        Sources sources = sources();
        sources.create(new SourceName("shop"), Channel.WEB, new WriteKey("key-shop-1"));

        assertThat(sources.create(new SourceName("shop"), Channel.APP, null)).isInstanceOf(SourceCreation.Refused.class);
        assertThat(sources.create(new SourceName("other"), Channel.APP, new WriteKey("key-shop-1")))
                .isEqualTo(new SourceCreation.Refused("that write key belongs to another source"));
        assertThat(sources.list()).hasSize(1);
    }

    @Test
    void ensuresDeclaredSourcesIdempotently() {
        SourceSpec spec = new SourceSpec(new SourceName("pos"), Channel.STORE, new WriteKey("key-pos-0001"));
        Sources sources = sources();
        sources.ensure(spec);
        sources.ensure(spec);
        sources().ensure(new SourceSpec(new SourceName("pos"), Channel.STORE, new WriteKey("key-pos-0002")));

        Sources reloaded = sources();

        assertThat(reloaded.list()).hasSize(1);
        assertThat(reloaded.authenticate("key-pos-0002")).isPresent();
        assertThat(reloaded.authenticate("key-pos-0001")).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> reloaded.ensure(
                new SourceSpec(new SourceName("web"), Channel.WEB, new WriteKey("key-pos-0002")))).withMessageContaining("'pos'");
    }
}
