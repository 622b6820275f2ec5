package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.testing.Fuzzing;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** DER certificates: the content of every PEM block and x5c entry. */
class CertificateInfoFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] der) {
    CertificateInfo certificate;
    try {
      certificate = CertificateInfo.parse(der);
    } catch (PkiException e) {
      Fuzzing.assertClearError(e);
      return;
    }
    certificate.displayName();
    certificate.subjectAttribute(BCStyle.CN);
    certificate.key().describe();
    certificate.validAt(Instant.now());
    assertThat(certificate.uriSans()).doesNotContainNull();
    // Chain verification runs the certificate's own signature check against itself as issuer.
    ChainVerifier.signedBy(certificate, certificate);
    ChainVerifier.verifies(List.of(certificate), List.of(certificate));
  }
}
