package io.percept;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** Rules of STYLE.md that the compiler does not check. */
class ArchitectureTests {

    private static final String[] FRAMEWORKS = {"org.springframework..", "jakarta..", "java.sql..", "javax.sql..", "org.duckdb..",
            "org.apache.kafka..", "tools.jackson..", "com.fasterxml.jackson..", "io.micrometer.."};

    private final JavaClasses percept = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.percept");

    @Test
    void domainPackagesImportNoFramework() {
        // package-info may name the package as a module's interface (an annotation, not an import)
        noClasses().that().resideInAPackage("..domain..").and().doNotHaveSimpleName("package-info").should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(percept);
    }

    @Test
    void theEventModelIsPlainJava() {
        noClasses().that().belongToAnyOf(io.percept.eventlog.Event.class, io.percept.eventlog.Attributes.class,
                        io.percept.eventlog.EventType.class, io.percept.eventlog.Channel.class, io.percept.eventlog.MessageId.class,
                        io.percept.eventlog.SourceName.class, io.percept.eventlog.LoggedEvent.class, io.percept.eventlog.AppendReceipt.class)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(percept);
    }

    @Test
    void httpControllersLiveInWebPackages() {
        classes().that().areAnnotatedWith(RestController.class).should().resideInAPackage("..web..").check(percept);
    }

    @Test
    void appendersComeFromTheStoreSoTheirRowsBelongToATransaction() {
        // an appender opened before any statement commits on its own and hides that commit's failure (EmbeddedStore.appender)
        noClasses().that().doNotBelongToAnyOf(io.percept.platform.EmbeddedStore.class)
                .should().callMethod(org.duckdb.DuckDBConnection.class, "createAppender", String.class, String.class)
                .check(percept);
    }

    @Test
    void nothingOutsideTheCommandLineStartsTheApplication() {
        noClasses().that().resideOutsideOfPackages("io.percept.cli..", "io.percept")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.boot.SpringApplication")
                .check(percept);
    }
}
