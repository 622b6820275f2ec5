package io.meshdoctor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysis core (snapshot, PKI, analysis) is pure: it takes a snapshot and a time and returns
 * findings. It may use the Kubernetes model classes, never the client DSL or the operator runtime.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.meshdoctor");
  }

  @Test
  void coreUsesNeitherTheClientNorTheOperatorRuntime() {
    noClasses()
        .that().resideInAnyPackage("io.meshdoctor.analysis..", "io.meshdoctor.snapshot..", "io.meshdoctor.pki..")
        .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "io.javaoperatorsdk..")
        .check(classes);
  }

  @Test
  void coreDoesNotDependOnItsUsers() {
    noClasses()
        .that().resideInAnyPackage("io.meshdoctor.analysis..", "io.meshdoctor.snapshot..", "io.meshdoctor.pki..")
        .should().dependOnClassesThat().resideInAnyPackage("io.meshdoctor.input..", "io.meshdoctor.report..", "io.meshdoctor.cli..")
        .check(classes);
  }

  @Test
  void pkiKnowsNothingOfKubernetes() {
    noClasses()
        .that().resideInAPackage("io.meshdoctor.pki..")
        .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.meshdoctor.snapshot..", "io.meshdoctor.analysis..")
        .check(classes);
  }

  @Test
  void analyzersDoNotReachIntoEachOtherThroughTheEngine() {
    noClasses()
        .that().resideInAPackage("io.meshdoctor.analysis.facts..")
        .should().dependOnClassesThat().resideInAPackage("io.meshdoctor.analysis.checks..")
        .check(classes);
  }
}
