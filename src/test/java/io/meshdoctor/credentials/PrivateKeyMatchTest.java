package io.meshdoctor.credentials;

import static io.meshdoctor.testing.CredentialsFixture.CA;
import static io.meshdoctor.testing.CredentialsFixture.NOW;
import static io.meshdoctor.testing.CredentialsFixture.VM_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.testing.CredentialsFixture;
import io.meshdoctor.testing.TestPki;
import java.io.StringWriter;
import java.security.KeyPair;
import java.time.Duration;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class PrivateKeyMatchTest {
  private static CertificateInfo certificateFor(KeyPair keys) throws Exception {
    return CertificateInfo.parse(
        TestPki.leaf(VM_ID, keys, CA, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23))).holder().getEncoded());
  }

  @Test
  void ecdsaKeysMatchInEveryEncoding() throws Exception {
    KeyPair keys = TestPki.key("p256#match");
    CertificateInfo certificate = certificateFor(keys);

    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.pkcs8(keys), certificate)).isEmpty();
    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.sec1(keys), certificate)).isEmpty();
    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.bareSec1(keys), certificate)).isEmpty();
  }

  @Test
  void p384KeysMatch() throws Exception {
    KeyPair keys = TestPki.key("p384#match");

    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.sec1(keys), certificateFor(keys))).isEmpty();
  }

  @Test
  void rsaKeysMatchAsPkcs8AndPkcs1() throws Exception {
    KeyPair keys = TestPki.key("rsa2048#match");
    CertificateInfo certificate = certificateFor(keys);

    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.pkcs8(keys), certificate)).isEmpty();
    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.pkcs1(keys), certificate)).isEmpty();
  }

  @Test
  void anotherEcdsaKeyOfTheSameCurveIsAMismatch() throws Exception {
    CertificateInfo certificate = certificateFor(TestPki.key("p256#match"));

    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.sec1(TestPki.key("p256#stranger")), certificate))
        .contains("the key's public point differs from the certificate's");
    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.bareSec1(TestPki.key("p256#stranger")), certificate))
        .contains("the key's public point differs from the certificate's");
  }

  @Test
  void anotherRsaKeyIsAMismatch() throws Exception {
    CertificateInfo certificate = certificateFor(TestPki.key("rsa2048#match"));

    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.pkcs1(TestPki.key("rsa2048#stranger")), certificate))
        .contains("the key's RSA modulus (2048 bits) differs from the certificate's");
  }

  @Test
  void otherCurveOrFamilyIsAMismatch() throws Exception {
    CertificateInfo p256 = certificateFor(TestPki.key("p256#match"));

    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.sec1(TestPki.key("p384#match")), p256))
        .contains("the key's curve P-384 differs from the certificate's P-256");
    assertThat(PrivateKeyMatch.mismatch(CredentialsFixture.pkcs1(TestPki.key("rsa2048#match")), p256))
        .contains("the key is RSA but the certificate's is ECDSA P256");
  }

  @Test
  void unusableKeyFilesAreErrors() throws Exception {
    CertificateInfo certificate = certificateFor(TestPki.key("p256#match"));

    assertThatThrownBy(() -> PrivateKeyMatch.mismatch(CredentialsFixture.ROOT.pem(), certificate))
        .isInstanceOf(PkiException.class).hasMessage("holds no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
    assertThatThrownBy(() -> PrivateKeyMatch.mismatch("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", certificate))
        .isInstanceOf(PkiException.class).hasMessageStartingWith("holds a malformed PEM block");
    assertThatThrownBy(() -> PrivateKeyMatch.mismatch("", certificate))
        .isInstanceOf(PkiException.class).hasMessage("holds no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
  }

  @Test
  void anEncryptedKeyCannotBeUsed() throws Exception {
    KeyPair keys = TestPki.key("p256#match");
    var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), encryptor).generate());
    }

    assertThatThrownBy(() -> PrivateKeyMatch.mismatch(text.toString(), certificateFor(keys)))
        .isInstanceOf(PkiException.class).hasMessage("is encrypted, so workloads cannot use it");
  }
}
