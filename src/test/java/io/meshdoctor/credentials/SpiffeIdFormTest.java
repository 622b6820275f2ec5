package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.pki.SpiffeId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdFormTest {
  @ParameterizedTest
  @CsvSource({
      "spiffe://prod-pool.global.123456789012.workload.id.goog/ns/web/sa/frontend, COMPUTE_ENGINE",
      "spiffe://my-proj.svc.id.goog/ns/shop/sa/cart, GKE",
      "spiffe://my-proj.svc.id.goog/ns/shop/sa/default, GKE",
      "spiffe://my-proj.workload.id.goog/ns/shop/sa/cart, FLEET"})
  void recognisesGooglesThreeForms(String id, SpiffeIdForm form) throws Exception {
    assertThat(SpiffeIdForm.of(SpiffeId.parse(id))).contains(form);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "spiffe://cluster.local/ns/shop/sa/cart",
      "spiffe://my-proj.svc.id.goog/shop/cart",
      "spiffe://my-proj.svc.id.goog/ns/shop/sa/cart/extra",
      "spiffe://my-proj.svc.id.goog",
      "spiffe://prod-pool.global.my-proj.workload.id.goog/ns/web/sa/frontend",
      "spiffe://prod-pool.123456789012.workload.id.goog/ns/web/sa/frontend",
      "spiffe://a.b.svc.id.goog/ns/shop/sa/cart",
      "spiffe://1proj.svc.id.goog/ns/shop/sa/cart"})
  void otherIdsAreNotRecognised(String id) throws Exception {
    assertThat(SpiffeIdForm.of(SpiffeId.parse(id))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "spiffe://my-proj.svc.id.goog/shop/cart, GKE",
      "spiffe://prod-pool.global.1.workload.id.goog/ns/web, COMPUTE_ENGINE"})
  void theTrustDomainAloneNamesTheFormAWrongPathWasMeantFor(String id, SpiffeIdForm form) throws Exception {
    assertThat(SpiffeIdForm.ofTrustDomain(SpiffeId.parse(id))).contains(form);
  }
}
