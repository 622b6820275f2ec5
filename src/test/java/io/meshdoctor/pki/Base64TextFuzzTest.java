package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Base64 fields of Kubernetes objects: caBundle, CSR spec.request and status.certificate, x5c entries. */
class Base64TextFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void decode(byte[] input) throws PkiException {
    String text = new String(input, StandardCharsets.UTF_8);
    byte[] decoded;
    try {
      decoded = Base64Text.decode(text);
    } catch (PkiException e) {
      Fuzzing.assertClearError(e);
      return;
    }
    // Whitespace is the only thing tolerated, so the canonical encoding decodes to the same bytes.
    assertThat(Base64Text.decode(Base64.getEncoder().encodeToString(decoded))).isEqualTo(decoded);
  }
}
