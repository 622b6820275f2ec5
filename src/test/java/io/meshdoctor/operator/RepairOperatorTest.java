package io.meshdoctor.operator;

import static io.meshdoctor.operator.OperatorHarness.hasCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.repair.RepairMode;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.Upstream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The caBundle repair inside the running operator. */
class RepairOperatorTest {
  private static final OperatorSettings SETTINGS = OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN);

  private static String brokenMesh() {
    return MeshFixture.healthy().remove("csr/csr-cart-1")
        .put("mwc/istio-sidecar-injector", Upstream.read("istio/webhooks/istio-sidecar-injector.default.yaml"))
        .yaml();
  }

  private static String bundle(OperatorHarness harness) {
    return harness.client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("istio-sidecar-injector").get()
        .getWebhooks().get(0).getClientConfig().getCaBundle();
  }

  @Test
  void enabledRepairRestoresTheBundleAndTheDiagnosisTurnsHealthy() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(brokenMesh());

      harness.start(SETTINGS.withRepair(RepairMode.ENABLED, 3));

      MeshSecurityDiagnosis shop = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD406") && !hasCode(d, "MCD401"));
      assertThat(shop.getStatus().getHealth()).isEqualTo("Healthy");
      assertThat(bundle(harness)).isEqualTo(TestPki.base64(MeshFixture.MESH_ROOT.pem()));
      assertThat(harness.client.v1().events().inNamespace("default").list().getItems()).extracting(e -> e.getReason())
          .containsExactly("CaBundleRepaired");
    }
  }

  @Test
  void repairIsOffByDefault() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(brokenMesh());

      harness.start(SETTINGS);

      harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD401"));
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      assertThat(harness.server.requests("PATCH", "mutatingwebhookconfigurations")).isZero();
      assertThat(bundle(harness)).isNull();
    }
  }

  @Test
  void dryRunReportsWithoutWriting() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(brokenMesh());

      harness.start(SETTINGS.withRepair(RepairMode.DRY_RUN, 3));

      MeshSecurityDiagnosis shop = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD406") && hasCode(d, "MCD401"));
      assertThat(shop.getStatus().getFindings()).filteredOn(f -> f.getCode().equals("MCD406")).singleElement()
          .satisfies(f -> assertThat(f.getMessage()).startsWith("Would repair (dryRun)"));
      assertThat(harness.server.requests("PATCH", "mutatingwebhookconfigurations")).isZero();
    }
  }
}
