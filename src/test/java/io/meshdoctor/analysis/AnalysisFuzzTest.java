package io.meshdoctor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.input.InputException;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.report.JsonReport;
import io.meshdoctor.report.TableReport;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;

/**
 * The whole analysis over a fuzzed dump: seeds are realistic dumps of healthy and broken meshes,
 * so mutations keep enough structure to reach the checks behind the decoder.
 */
class AnalysisFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @FuzzTest(maxDuration = "3m")
  void analyze(byte[] input) {
    SnapshotBuilder builder = ClusterSnapshot.builder();
    try {
      ManifestDecoder.decodeAll(new ManifestReader().read(List.of("-"), new ByteArrayInputStream(input)), builder);
    } catch (InputException e) {
      // Unreadable YAML is the loader's business (ManifestFuzzTest); here only readable dumps matter.
      return;
    }
    ClusterSnapshot snapshot = builder.build();
    AnalysisResult result = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), NOW);
    for (Finding finding : result.findings()) {
      assertThat(finding.message()).isNotBlank();
      assertThat(finding.remediation()).isNotBlank();
    }
    // Every object that could not be interpreted is reported, one MCD002 each.
    assertThat(result.findings().stream().filter(f -> f.code() == FindingCode.MCD002).count())
        .isEqualTo(snapshot.problems().stream().filter(p -> p.type() == InputProblem.Type.UNINTERPRETABLE_OBJECT).count());
    // The user sees the findings through a report; rendering must cope with whatever they quote.
    TableReport.render(result);
    JsonReport.json(result);
  }
}
