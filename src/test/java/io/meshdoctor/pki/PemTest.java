package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.testing.Upstream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  @Test
  void readsEveryCertificateOfAnUpstreamBundleInOrder() throws PkiException {
    List<CertificateInfo> certificates = Pem.certificates(Upstream.read("istio/samples-certs/workload-foo-root-certs.pem"));

    assertThat(certificates).extracting(CertificateInfo::displayName).containsExactly("CN=Istio CA", "CN=Root CA");
  }

  @Test
  void readsTheUpstreamRootWithItsDatesKeyAndFingerprint() throws PkiException {
    CertificateInfo root = Pem.certificates(Upstream.read("istio/samples-certs/root-cert.pem")).get(0);

    assertThat(root.notBefore()).isEqualTo(Instant.parse("2018-01-24T19:15:51Z"));
    assertThat(root.notAfter()).isEqualTo(Instant.parse("2117-12-31T19:15:51Z"));
    assertThat(root.key()).isEqualTo(new KeyInfo(KeyFamily.RSA, 2048, null));
    assertThat(root.ca()).isTrue();
    assertThat(root.selfIssued()).isTrue();
    assertThat(root.sha256()).startsWith("63:72:7A:17").endsWith("92:E7:B0");
    assertThat(root.subjectAttribute(org.bouncycastle.asn1.x500.style.BCStyle.O)).isEqualTo("Istio");
  }

  @Test
  void readsTheUpstreamWorkloadLeafUriSan() throws PkiException {
    CertificateInfo leaf = Pem.certificates(Upstream.read("istio/samples-certs/leaf-workload-foo-cert.pem")).get(0);

    assertThat(leaf.uriSans()).containsExactly("spiffe://trust-domain-foo/ns/foo/sa/foo");
    assertThat(leaf.ca()).isFalse();
  }

  @Test
  void textBetweenBlocksAndCrlfLineEndingsAreTolerated() throws PkiException {
    String root = Upstream.read("istio/samples-certs/root-cert.pem");
    String alt = Upstream.read("istio/samples-certs/root-cert-alt.pem");
    String messy = "subject=CN=Root CA\r\n" + root.replace("\n", "\r\n") + "\nissuer: somebody\n\n" + alt;

    assertThat(Pem.certificates(messy)).hasSize(2);
  }

  @Test
  void otherBlockTypesAreSkippedButABundleWithoutCertificatesIsAnError() {
    String key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIF9n\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.certificates(key)).isInstanceOf(PkiException.class).hasMessageContaining("no CERTIFICATE block");
  }

  @Test
  void brokenInputIsAPkiExceptionNeverARuntimeException() {
    assertThatThrownBy(() -> Pem.certificates("")).isInstanceOf(PkiException.class).hasMessage("empty");
    assertThatThrownBy(() -> Pem.certificates("hello")).isInstanceOf(PkiException.class).hasMessage("no PEM block found");
    assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(PkiException.class).hasMessageContaining("malformed PEM block");
    assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n")).isInstanceOf(PkiException.class);
    assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(PkiException.class).hasMessageContaining("not an X.509 certificate");
  }

  @Test
  void base64ToleratesWhitespaceOnly() throws PkiException {
    assertThat(new String(Base64Text.decode(" aGVs\nbG8=\r\n"))).isEqualTo("hello");
    assertThatThrownBy(() -> Base64Text.decode("aGVs*bG8=")).isInstanceOf(PkiException.class).hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> Base64Text.decode("  ")).isInstanceOf(PkiException.class).hasMessage("empty value");
  }
}
