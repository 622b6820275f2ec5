package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.testing.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRequestInfoTest {
  @Test
  void readsKeyAndUriSansOfTheExtensionRequest() throws PkiException {
    String pem = TestPki.csrPem(TestPki.key("p384"), List.of("spiffe://my-proj.svc.id.goog/ns/shop/sa/cart"));

    CertificateRequestInfo request = CertificateRequestInfo.parsePem(pem);

    assertThat(request.key()).isEqualTo(new KeyInfo(KeyFamily.ECDSA, 384, "P384"));
    assertThat(request.uriSans()).containsExactly("spiffe://my-proj.svc.id.goog/ns/shop/sa/cart");
  }

  @Test
  void requestWithoutExtensionsHasNoUris() throws PkiException {
    assertThat(CertificateRequestInfo.parsePem(TestPki.csrPem(TestPki.key("rsa2048"), List.of())).uriSans()).isEmpty();
  }

  @Test
  void certificateInsteadOfRequestIsAnError() {
    String certificate = io.meshdoctor.testing.MeshFixture.CAS_ROOT.pem();

    assertThatThrownBy(() -> CertificateRequestInfo.parsePem(certificate)).isInstanceOf(PkiException.class)
        .hasMessageContaining("no CERTIFICATE REQUEST block");
  }
}
