package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.testing.Fuzzing;
import java.nio.charset.StandardCharsets;

/** SPIFFE IDs from URI SANs of requests and certificates. */
class SpiffeIdFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] input) throws PkiException {
    String text = new String(input, StandardCharsets.UTF_8);
    SpiffeId id;
    try {
      id = SpiffeId.parse(text);
    } catch (PkiException e) {
      Fuzzing.assertClearError(e);
      return;
    }
    // An accepted ID prints in a form that parses back to itself.
    assertThat(SpiffeId.parse(id.toString())).isEqualTo(id);
    id.workload().ifPresent(w -> assertThat(id.path()).isEqualTo("/ns/" + w.namespace() + "/sa/" + w.serviceAccount()));
    assertThat(id.inTrustDomain(id.trustDomain())).isTrue();
  }
}
