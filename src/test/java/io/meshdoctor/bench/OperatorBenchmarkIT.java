package io.meshdoctor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator benchmark runs end to end on a small cluster (the packaged jar as the operator). */
class OperatorBenchmarkIT {
  @TempDir Path work;

  @Test
  void measuresSyncReactionIdleLoadAndHeap() throws Exception {
    OperatorBenchmark.Figures figures = OperatorBenchmark.run(SyntheticCluster.Size.scaled(3), 3, 2, 2, work);

    assertThat(figures.firstSyncSeconds()).isPositive();
    assertThat(figures.failedMountMillis()).hasSize(3).allSatisfy(ms -> assertThat(ms).isPositive());
    assertThat(figures.wccMillis()).hasSize(2);
    assertThat(figures.idleStatusWrites()).isZero();
    assertThat(figures.heapAfterSyncBytes()).isPositive();
    assertThat(figures.report()).contains("p99");
  }
}
