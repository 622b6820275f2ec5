package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.testing.Fuzzing;
import java.nio.charset.StandardCharsets;

/** PKCS#10 requests from CSR spec.request: whatever a node agent, or anything else, sent. */
class CertificateRequestFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parsePem(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    CertificateRequestInfo request;
    try {
      request = CertificateRequestInfo.parsePem(text);
    } catch (PkiException e) {
      Fuzzing.assertClearError(e);
      return;
    }
    assertThat(request.key().describe()).isNotBlank();
    assertThat(request.uriSans()).doesNotContainNull();
  }
}
