package io.meshdoctor.credentials;

import static io.meshdoctor.testing.CredentialsFixture.CA;
import static io.meshdoctor.testing.CredentialsFixture.ROOT;
import static io.meshdoctor.testing.CredentialsFixture.x5c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.PkiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustBundlesTest {
  @Test
  void readsTheX509AuthoritiesOfEachTrustDomain() throws Exception {
    TrustBundles bundles = TrustBundles.parse("""
        {
          "a.svc.id.goog": {"spiffe_sequence": 1, "keys": [
            {"use": "x509-svid", "kty": "EC", "x5c": ["%s"]},
            {"use": "x509-svid", "kty": "EC", "x5c": ["%s"]}]},
          "Partner.Example.org": {"keys": []}
        }
        """.formatted(x5c(ROOT), x5c(CA)));

    assertThat(bundles.domains()).containsExactly("a.svc.id.goog", "partner.example.org");
    assertThat(bundles.forDomain("A.svc.id.goog").orElseThrow()).extracting(CertificateInfo::displayName)
        .containsExactly("CN=Workload Root", "CN=Workload Issuing CA");
    assertThat(bundles.forDomain("partner.example.org").orElseThrow()).isEmpty();
    assertThat(bundles.forDomain("b.svc.id.goog")).isEmpty();
  }

  @Test
  void keysForOtherUsesAreIgnoredWhateverTheyHold() throws Exception {
    TrustBundles bundles = TrustBundles.parse("""
        {"a.svc.id.goog": {"keys": [
          {"use": "jwt-svid", "kty": "EC", "kid": "k1", "x5c": ["not base64 at all"]},
          {"kty": "RSA", "x5c": 7},
          {"use": "x509-svid", "x5c": ["%s"]}]}}
        """.formatted(x5c(ROOT)));

    assertThat(bundles.forDomain("a.svc.id.goog").orElseThrow()).hasSize(1);
  }

  @Test
  void anEmptyMapTrustsNothing() throws Exception {
    assertThat(TrustBundles.parse("{}").domains()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      truncated JSON            | {"a.svc.id.goog": {"keys": [          | is not valid JSON
      not an object             | ["a.svc.id.goog"]                     | is not a JSON object keyed by trust domain
      empty                     | ''                                    | is not a JSON object keyed by trust domain
      bundle of wrong type      | {"a.svc.id.goog": "keys"}             | bundle of a.svc.id.goog is not a JSON object
      keys missing              | {"a.svc.id.goog": {"spiffe_sequence": 1}} | bundle of a.svc.id.goog has no "keys" array
      keys of wrong type        | {"a.svc.id.goog": {"keys": {}}}       | bundle of a.svc.id.goog has no "keys" array
      key of wrong type         | {"a.svc.id.goog": {"keys": ["x"]}}    | key #1 is not a JSON object
      x5c missing               | {"a.svc.id.goog": {"keys": [{"use": "x509-svid"}]}} | must have an "x5c" array of exactly one base64 DER certificate
      x5c of wrong type         | {"a.svc.id.goog": {"keys": [{"use": "x509-svid", "x5c": "AAAA"}]}} | must have an "x5c" array
      x5c with two entries      | {"a.svc.id.goog": {"keys": [{"use": "x509-svid", "x5c": ["AAAA", "AAAA"]}]}} | must have an "x5c" array
      base64 garbage in x5c     | {"a.svc.id.goog": {"keys": [{"use": "x509-svid", "x5c": ["%%%not-base64%%%"]}]}} | x509-svid key #1: x5c not valid base64
      base64 of no certificate  | {"a.svc.id.goog": {"keys": [{"use": "x509-svid", "x5c": ["aGVsbG8gd29ybGQ="]}]}} | x5c not an X.509 certificate
      PEM in x5c                | {"a.svc.id.goog": {"keys": [{"use": "x509-svid", "x5c": ["-----BEGIN CERTIFICATE-----"]}]}} | x5c holds PEM text where base64 DER is required
      duplicate trust domain    | {"a.svc.id.goog": {"keys": []}, "a.svc.id.goog": {"keys": []}} | has trust domain a.svc.id.goog twice
      duplicate in another case | {"a.svc.id.goog": {"keys": []}, "A.SVC.ID.GOOG": {"keys": []}} | has trust domain a.svc.id.goog twice
      empty trust domain        | {"": {"keys": []}}                    | has an empty trust domain key
      trailing content          | {"a.svc.id.goog": {"keys": []}} {}    | has content after the bundle map
      """)
  void malformedMapsAreRejectedWithTheReason(String name, String json, String reason) {
    assertThatThrownBy(() -> TrustBundles.parse(json)).isInstanceOf(PkiException.class).hasMessageContaining(reason);
  }
}
