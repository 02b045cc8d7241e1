package io.percept.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The analytics module stays pure: no frameworks, no databases, no I/O, no unseeded randomness. */
class PurityTests {

    private final JavaClasses analytics = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.percept.analytics");

    @Test
    void importsNoFrameworkOrDatabase() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta..", "java.sql..", "javax.sql..", "org.duckdb..",
                        "org.apache.kafka..", "tools.jackson..", "com.fasterxml.jackson..")
                .check(analytics);
    }

    @Test
    void doesNoInputOrOutput() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File.*|.*Stream|.*Reader|.*Writer)")
                .check(analytics);
    }

    @Test
    void drawsRandomnessOnlyFromSeededSplittableRandom() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().callMethod(Math.class, "random")
                .check(analytics);
    }
}
