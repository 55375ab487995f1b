package com.customertimeline.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The domain stays free of infrastructure, and its events stay serializable and versioned. The
 * {@code @ArchTest} rules check the production classes; the {@code @Test} methods prove each rule
 * actually reports a violation when handed a class that breaks it.
 */
@AnalyzeClasses(packages = "com.customertimeline.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] INFRASTRUCTURE = {
        "org.springframework..", "com.mongodb..", "org.bson..", "jakarta.persistence.."
    };

    private static final String EVENT_NAME =
            ".*(Recorded|Registered|Updated|Filed|Responded|Resolved|Reassigned|Completed|Departed|Acknowledged)";

    @ArchTest
    static final ArchRule DOMAIN_DOES_NOT_DEPEND_ON_INFRASTRUCTURE = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INFRASTRUCTURE)
            .because("the domain must stay free of Spring, MongoDB and JPA");

    @ArchTest
    static final ArchRule EVENTS_ARE_RECORDS = classes()
            .that()
            .areAnnotatedWith(Revision.class)
            .should()
            .beRecords()
            .because("events are immutable values that Jackson serializes by their components");

    @ArchTest
    static final ArchRule EVENTS_CARRY_A_REVISION = classes()
            .that()
            .haveNameMatching(EVENT_NAME)
            .should()
            .beAnnotatedWith(Revision.class)
            .because("stored events need a revision so upcasters can tell versions apart");

    // --- the rules can fail ---------------------------------------------------------------------

    @Revision("1")
    static final class ClassAnnotatedAsEvent {}

    @Revision("1")
    record RecordAnnotatedAsEvent(String id) {}

    record SomethingRecorded(String id) {}

    @Test
    void eventsAreRecordsRuleRejectsAClassWithARevision() {
        JavaClasses bad = new ClassFileImporter().importClasses(ClassAnnotatedAsEvent.class);
        JavaClasses good = new ClassFileImporter().importClasses(RecordAnnotatedAsEvent.class);

        assertThat(EVENTS_ARE_RECORDS.evaluate(bad).hasViolation()).isTrue();
        assertThat(EVENTS_ARE_RECORDS.evaluate(good).hasViolation()).isFalse();
    }

    @Test
    void revisionRuleRejectsAnEventNamedClassWithoutRevision() {
        JavaClasses bad = new ClassFileImporter().importClasses(SomethingRecorded.class);

        assertThat(EVENTS_CARRY_A_REVISION.evaluate(bad).hasViolation()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.springframework.context", "com.mongodb.client", "org.bson", "jakarta.persistence"})
    void infrastructureRuleRejectsADomainClassUsingForbiddenPackage(String forbiddenPackage, @TempDir Path dir)
            throws IOException {
        // Compile a stub type in the forbidden package and a domain class using it; the real library
        // need not be on the test classpath for the rule to see the dependency.
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classesDir = Files.createDirectories(dir.resolve("classes"));
        Path stub = sources.resolve("Infrastructure.java");
        Files.writeString(stub, "package " + forbiddenPackage + "; public class Infrastructure {}");
        Path leak = sources.resolve("Leak.java");
        Files.writeString(
                leak,
                "package com.customertimeline.domain.leak; public class Leak { " + forbiddenPackage
                        + ".Infrastructure infrastructure; }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests must run on a JDK").isNotNull();
        int exitCode = javac.run(null, null, null, "-d", classesDir.toString(), stub.toString(), leak.toString());
        assertThat(exitCode).isZero();

        JavaClasses leaking =
                new ClassFileImporter().importPath(classesDir.resolve("com/customertimeline/domain/leak/Leak.class"));
        assertThat(leaking.contain("com.customertimeline.domain.leak.Leak")).isTrue();
        assertThat(DOMAIN_DOES_NOT_DEPEND_ON_INFRASTRUCTURE.evaluate(leaking).hasViolation())
                .isTrue();
    }
}
