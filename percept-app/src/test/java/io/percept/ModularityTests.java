package io.percept;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries hold, and their documentation is written to target/spring-modulith-docs.
 * {@code io.percept.analytics} is the pure algorithm library of the percept-analytics artifact,
 * usable from every module (its own purity tests guard it), so it is not an application module.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(PerceptApplication.class,
            JavaClass.Predicates.resideInAPackage("io.percept.analytics.."));

    private final ApplicationModules modules = MODULES;

    @Test
    void modulesRespectTheirDeclaredDependencies() {
        modules.verify();
    }

    @Test
    void theModulesAreTheDomainsNotLayers() {
        assertThat(modules.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .contains("platform", "eventlog", "ingest", "insight", "demo", "cli")
                .doesNotContain("controllers", "services", "repositories");
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeDocumentation();
    }
}
