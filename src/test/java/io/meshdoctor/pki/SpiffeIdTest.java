package io.meshdoctor.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpiffeIdTest {
  @Test
  void parsesGkeWorkloadIds() throws PkiException {
    SpiffeId id = SpiffeId.parse("spiffe://my-proj.svc.id.goog/ns/shop/sa/cart");

    assertThat(id.trustDomain()).isEqualTo("my-proj.svc.id.goog");
    assertThat(id.workload()).contains(new SpiffeId.Workload("shop", "cart"));
    assertThat(id.inTrustDomain("MY-PROJ.svc.id.goog")).isTrue();
    assertThat(id).hasToString("spiffe://my-proj.svc.id.goog/ns/shop/sa/cart");
  }

  @Test
  void computeEngineIdsAreValidWorkloadIds() throws PkiException {
    SpiffeId id = SpiffeId.parse("spiffe://pool-1.global.123456789012.workload.id.goog/ns/backend/sa/billing");

    assertThat(id.workload()).contains(new SpiffeId.Workload("backend", "billing"));
  }

  @Test
  void idsWithOtherPathsAreValidButNotWorkloads() throws PkiException {
    assertThat(SpiffeId.parse("spiffe://example.org/payments/ledger").workload()).isEmpty();
    assertThat(SpiffeId.parse("spiffe://example.org").workload()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "https://example.org/ns/a/sa/b | does not start with spiffe://",
    "spiffe:///ns/a/sa/b | empty trust domain",
    "spiffe://Example.org/ns/a/sa/b | character 'E' in its trust domain",
    "spiffe://example.org:8443/ns/a/sa/b | port",
    "spiffe://user@example.org/ns/a/sa/b | user info",
    "spiffe://example.org/ns/a/sa/b?x=1 | query or fragment",
    "spiffe://example.org/ns//sa/b | empty path segment",
    "spiffe://example.org/ns/a/sa/b/ | empty path segment",
    "spiffe://example.org/ns/../sa/b | '..' path segment",
    "spiffe://example.org/ns/a b/sa/c | character ' ' in its path",
  })
  void rejectsWhatTheStandardForbids(String id, String reason) {
    assertThatThrownBy(() -> SpiffeId.parse(id)).isInstanceOf(PkiException.class).hasMessageContaining(reason);
  }

  @Test
  void rejectsOverlongIds() {
    String id = "spiffe://example.org/" + "a".repeat(2100);

    assertThatThrownBy(() -> SpiffeId.parse(id)).isInstanceOf(PkiException.class).hasMessageContaining("2048 bytes");
  }
}
