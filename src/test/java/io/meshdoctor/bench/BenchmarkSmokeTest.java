package io.meshdoctor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark machinery works at a small size; its timings are printed by `-Pbench`, never asserted. */
class BenchmarkSmokeTest {
  @TempDir Path work;

  @Test
  void syntheticClusterHasTheRequestedShapeAndBreakage() throws Exception {
    SyntheticCluster.Size size = SyntheticCluster.Size.scaled(5);
    Path dump = new SyntheticCluster(size, 1).writeTo(work);

    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(new ManifestReader().read(List.of(dump.toString()), InputStream.nullInputStream()), builder);
    ClusterSnapshot snapshot = builder.build();

    assertThat(snapshot.problems()).isEmpty();
    assertThat(snapshot.namespaces()).hasSize(6);
    assertThat(snapshot.pods()).hasSize(50);
    assertThat(snapshot.certificateSigningRequests()).hasSize(10);
    assertThat(snapshot.events()).hasSizeLessThanOrEqualTo(100);
    assertThat(snapshot.rootCertConfigMaps()).hasSize(6);
    var codes = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), SyntheticCluster.NOW).findings().stream().map(f -> f.code()).toList();
    assertThat(codes).contains(FindingCode.MCD301);
  }

  @Test
  void sameSeedSameCluster() {
    SyntheticCluster.Size size = SyntheticCluster.Size.scaled(3);
    List<String> first = new SyntheticCluster(size, 42).documents();
    List<String> second = new SyntheticCluster(size, 42).documents();

    assertThat(first).hasSameSizeAs(second);
    assertThat(first.get(first.size() - 1).lines().filter(l -> l.contains("name:")).toList())
        .isEqualTo(second.get(second.size() - 1).lines().filter(l -> l.contains("name:")).toList());
  }

  @Test
  void analysisBenchmarkReportsItsFigures() throws Exception {
    AnalysisBenchmark.Figures figures = AnalysisBenchmark.run(SyntheticCluster.Size.scaled(3), 1, 1, work);

    assertThat(figures.parseMillis()).isPositive();
    assertThat(figures.analyseMillis()).isPositive();
    assertThat(figures.peakHeapBytes()).isPositive();
    assertThat(figures.findings()).isPositive();
  }

  @Test
  void percentilesAreNearestRank() {
    List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);

    assertThat(OperatorBenchmark.percentile(values, 50)).isEqualTo(3.0);
    assertThat(OperatorBenchmark.percentile(values, 99)).isEqualTo(5.0);
    assertThat(AnalysisBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }
}
