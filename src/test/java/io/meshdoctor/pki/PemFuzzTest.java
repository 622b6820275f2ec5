package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** PEM bundles as they arrive in caBundles, ConfigMaps, TrustConfig anchors and CSR status. */
class PemFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void certificates(byte[] input) {
    // The analyzers decode base64 bundles as ISO-8859-1, so every byte reaches the PEM reader as one char.
    String text = new String(input, StandardCharsets.ISO_8859_1);
    List<CertificateInfo> certificates;
    try {
      certificates = Pem.certificates(text);
    } catch (PkiException e) {
      Fuzzing.assertClearError(e);
      return;
    }
    assertThat(certificates).isNotEmpty();
    for (CertificateInfo certificate : certificates) {
      // What the checks print and compare of every certificate.
      certificate.displayName();
      certificate.subjectAttribute(BCStyle.O);
      certificate.key().describe();
      certificate.validAt(Instant.EPOCH);
      certificate.selfIssued();
      assertThat(certificate.sha256()).hasSize(95);
    }
  }
}
