package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.testing.TestPki;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyInfoTest {
  @ParameterizedTest
  @CsvSource({"rsa2048,RSA 2048", "rsa4096,RSA 4096", "p256,ECDSA P256", "p384,ECDSA P384", "ed25519,Ed25519"})
  void describesKeysAsTheConfigurationNamesThem(String key, String description) throws Exception {
    var cert = TestPki.root("CN=k", TestPki.key(key), Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(CertificateInfo.parse(cert.holder().getEncoded()).key().describe()).isEqualTo(description);
  }
}
