package io.meshdoctor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.testing.MeshFixture;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Meta-tests over the analyzer registry and the catalog, after istioctl's analyzer tests. */
class AnalyzerRegistryTest {
  private static final Set<FindingCode> RAISED_BY_REPAIR = EnumSet.of(FindingCode.MCD406, FindingCode.MCD407);
  /** `inspect-credentials` raises the 5xx codes from a credentials directory, not from a cluster snapshot. */
  private static final Set<FindingCode> RAISED_BY_CREDENTIALS_INSPECTOR = EnumSet.range(FindingCode.MCD501, FindingCode.MCD511);

  @Test
  void namesAreUniqueAndDescriptionsPresent() {
    List<AnalyzerMetadata> metadata = Analyzers.all().stream().map(Analyzer::metadata).toList();

    assertThat(metadata).extracting(AnalyzerMetadata::name).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+\\.[A-Z][A-Za-z]+"));
    assertThat(metadata).allSatisfy(m -> assertThat(m.description()).isNotBlank());
  }

  @Test
  void everyAnalyzerClassIsRegistered() {
    Set<String> registered = Analyzers.all().stream().map(a -> a.getClass().getName()).collect(Collectors.toSet());
    Set<String> implementations = new ClassFileImporter().importPackages("io.meshdoctor.analysis.checks").stream()
        .filter(c -> c.isAssignableTo(Analyzer.class) && !c.isInterface())
        .map(c -> c.getName())
        .collect(Collectors.toSet());

    assertThat(registered).isEqualTo(implementations);
  }

  @Test
  void everyAnalysisCodeIsDeclaredByExactlyOneAnalyzer() {
    List<FindingCode> declared = new ArrayList<>();
    Analyzers.all().forEach(a -> declared.addAll(a.metadata().codes()));

    assertThat(declared).doesNotHaveDuplicates();
    EnumSet<FindingCode> elsewhere = EnumSet.copyOf(RAISED_BY_REPAIR);
    elsewhere.addAll(RAISED_BY_CREDENTIALS_INSPECTOR);
    assertThat(EnumSet.copyOf(declared)).isEqualTo(EnumSet.complementOf(elsewhere));
  }

  @Test
  void declaredInputsAreExactlyTheInputsRead() {
    Map<String, Set<InputKind>> reads = Analyzers.engine().inputsRead(MeshFixture.healthy().snapshot(), AnalysisSettings.defaults(), MeshFixture.NOW);

    for (Analyzer analyzer : Analyzers.all()) {
      assertThat(reads.get(analyzer.metadata().name())).as(analyzer.metadata().name()).isEqualTo(analyzer.metadata().inputs());
    }
  }

  @Test
  void catalogCodesFollowTheirSections() {
    for (FindingCode code : FindingCode.values()) {
      assertThat(code.name()).matches("MCD[0-5]\\d\\d");
      assertThat(code.title()).isNotBlank();
      assertThat(code.docsPath()).isEqualTo("docs/findings/" + code.name() + ".md");
    }
  }
}
