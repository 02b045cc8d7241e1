package io.percept.platform;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * How Percept runs ({@code percept.mode}): {@code embedded} (the default: one process, DuckDB) or
 * {@code cluster} (Kafka and PostgreSQL, docs/deploy.md). The mode decides which components the
 * application scans: {@link Initializer} (registered in {@code META-INF/spring.factories}) adds a
 * filter that, in cluster mode, leaves out the modules not yet available there (console, insight, rules, demo) and every type marked
 * {@link EmbeddedOnly}, and in embedded mode every type marked {@link ClusterOnly}.
 */
public enum Mode {
    EMBEDDED, CLUSTER;

    public static final String PROPERTY = "percept.mode";

    /** Modules that run on the embedded store only, for now: left out whole in cluster mode. */
    static final Set<String> EMBEDDED_MODULES = Set.of("console", "insight", "rules", "demo");

    /** The mode an environment asks for; a clear error for anything else. */
    public static Mode of(Environment environment) {
        String value = environment.getProperty(PROPERTY, "embedded").trim();
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be 'embedded' or 'cluster', was '" + value + "'", e);
        }
    }

    /** Registers the scanning filter for the environment's mode before the application's components are scanned. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Mode mode = of(context.getEnvironment());
            context.getBeanFactory().registerSingleton("perceptModeFilter", new Filter(mode));
        }
    }

    /** Leaves out the components of the other mode. */
    static final class Filter extends TypeExcludeFilter {

        private final Mode mode;

        Filter(Mode mode) {
            this.mode = mode;
        }

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            var annotations = reader.getAnnotationMetadata();
            if (mode == CLUSTER) {
                return annotations.hasAnnotation(EmbeddedOnly.class.getName()) || inEmbeddedModule(reader.getClassMetadata().getClassName());
            }
            return annotations.hasAnnotation(ClusterOnly.class.getName());
        }

        static boolean inEmbeddedModule(String className) {
            if (!className.startsWith("io.percept.")) {
                return false;
            }
            String rest = className.substring("io.percept.".length());
            int dot = rest.indexOf('.');
            return dot > 0 && EMBEDDED_MODULES.contains(rest.substring(0, dot));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Filter that && that.mode == mode;
        }

        @Override
        public int hashCode() {
            return mode.hashCode();
        }
    }
}
