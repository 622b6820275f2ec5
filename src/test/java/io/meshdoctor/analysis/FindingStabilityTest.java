package io.meshdoctor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same inputs give the same findings, word for word, a little later: the operator rewrites a
 * status only when its content changes, so a message must not carry a moving age ("for 41m").
 */
class FindingStabilityTest {
  @Test
  void examplesReadTheSameAMinuteLater() throws Exception {
    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(new ManifestReader().read(List.of("examples/"), InputStream.nullInputStream()), builder);
    ClusterSnapshot snapshot = builder.build();
    Instant now = Instant.parse("2026-11-22T12:00:00Z");

    List<Finding> first = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), now).findings();
    List<Finding> later = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), now.plus(Duration.ofMinutes(1))).findings();

    assertThat(first).hasSizeGreaterThan(10);
    assertThat(later).isEqualTo(first);
  }
}
