package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.testing.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
  private static List<CertificateInfo> read(String path) throws PkiException {
    return Pem.certificates(Upstream.read(path));
  }

  @Test
  void upstreamLeafVerifiesThroughItsIntermediateToTheRoot() throws PkiException {
    List<CertificateInfo> chain = read("istio/samples-certs/workload-foo-cert.pem");

    assertThat(ChainVerifier.verifies(chain, read("istio/samples-certs/root-cert.pem"))).isTrue();
  }

  @Test
  void upstreamLeafDoesNotVerifyToTheAlternativeRoot() throws PkiException {
    List<CertificateInfo> chain = read("istio/samples-certs/workload-foo-cert.pem");

    assertThat(ChainVerifier.verifies(chain, read("istio/samples-certs/root-cert-alt.pem"))).isFalse();
  }

  @Test
  void leafWithoutItsIntermediateDoesNotVerify() throws PkiException {
    List<CertificateInfo> leafOnly = read("istio/samples-certs/leaf-workload-foo-cert.pem");

    assertThat(ChainVerifier.verifies(leafOnly, read("istio/samples-certs/root-cert.pem"))).isFalse();
    assertThat(ChainVerifier.verifies(leafOnly, read("istio/samples-certs/ca-cert.pem"))).isTrue();
  }

  @Test
  void chainInTheWrongOrderStillBuildsAPath() throws PkiException {
    List<CertificateInfo> chain = read("istio/samples-certs/leaf-workload-foo-cert.pem");
    List<CertificateInfo> shuffled = new java.util.ArrayList<>(chain);
    shuffled.addAll(read("istio/samples-certs/root-cert-alt.pem"));
    shuffled.addAll(read("istio/samples-certs/ca-cert.pem"));

    assertThat(ChainVerifier.verifies(shuffled, read("istio/samples-certs/root-cert-combined.pem"))).isTrue();
  }
}
