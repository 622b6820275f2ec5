package io.meshdoctor.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.SnapshotBuilder;
import io.meshdoctor.testing.Fuzzing;
import java.io.ByteArrayInputStream;
import java.util.List;

/** The YAML/JSON loader as `analyze -f -` drives it: any bytes on standard input. */
class ManifestFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void readAndDecode(byte[] input) {
    List<ManifestDocument> documents;
    try {
      documents = new ManifestReader().read(List.of("-"), new ByteArrayInputStream(input));
    } catch (InputException e) {
      Fuzzing.assertClearError(e);
      assertThat(e.getMessage()).startsWith("-");
      return;
    }
    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(documents, builder);
    ClusterSnapshot snapshot = builder.build();
    // Whatever was not understood is on record, never dropped silently with an exception.
    for (InputProblem problem : snapshot.problems()) {
      assertThat(problem.detail()).isNotBlank();
    }
  }
}
