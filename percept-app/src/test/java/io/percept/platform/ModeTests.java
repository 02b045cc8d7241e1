package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.mock.env.MockEnvironment;

/** Which components each mode scans, and a clear error for a mode that does not exist. */
class ModeTests {

    private final MetadataReaderFactory readers = new SimpleMetadataReaderFactory();

    @Test
    void theModeComesFromPerceptModeAndDefaultsToEmbedded() {
        assertThat(Mode.of(new MockEnvironment())).isEqualTo(Mode.EMBEDDED);
        assertThat(Mode.of(new MockEnvironment().withProperty("percept.mode", " Cluster "))).isEqualTo(Mode.CLUSTER);
        assertThatThrownBy(() -> Mode.of(new MockEnvironment().withProperty("percept.mode", "distributed")))
                .hasMessage("percept.mode must be 'embedded' or 'cluster', was 'distributed'");
    }

    @Test
    void clusterModeLeavesOutEmbeddedOnlyTypesAndModulesAndEmbeddedModeLeavesOutClusterOnlyTypes() throws Exception {
        Mode.Filter cluster = new Mode.Filter(Mode.CLUSTER);
        Mode.Filter embedded = new Mode.Filter(Mode.EMBEDDED);
        String embeddedConfiguration = "io.percept.platform.PlatformConfiguration";
        String clusterConfiguration = "io.percept.platform.ClusterPlatformConfiguration";
        String console = "io.percept.console.ConsoleConfiguration";
        String ingest = "io.percept.ingest.IngestConfiguration";
        assertThat(cluster.match(readers.getMetadataReader(embeddedConfiguration), readers)).isTrue();
        assertThat(cluster.match(readers.getMetadataReader(console), readers)).isTrue();
        assertThat(cluster.match(readers.getMetadataReader(clusterConfiguration), readers)).isFalse();
        assertThat(cluster.match(readers.getMetadataReader(ingest), readers)).isFalse();
        assertThat(embedded.match(readers.getMetadataReader(clusterConfiguration), readers)).isTrue();
        assertThat(embedded.match(readers.getMetadataReader(embeddedConfiguration), readers)).isFalse();
        assertThat(embedded.match(readers.getMetadataReader(console), readers)).isFalse();
        assertThat(cluster.match(readers.getMetadataReader("io.percept.prediction.PredictionConfiguration"), readers))
                .as("prediction runs in both modes").isFalse();
        assertThat(cluster.match(readers.getMetadataReader("io.percept.prediction.EmbeddedPredictionConfiguration"), readers)).isTrue();
        assertThat(embedded.match(readers.getMetadataReader("io.percept.prediction.ClusterPredictionConfiguration"), readers)).isTrue();
        assertThat(Mode.Filter.inEmbeddedModule("io.percept.consoleish.Thing")).isFalse();
        assertThat(Mode.Filter.inEmbeddedModule("io.percept.demo.world.World")).isTrue();
    }
}
