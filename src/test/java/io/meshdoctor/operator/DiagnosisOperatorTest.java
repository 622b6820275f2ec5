package io.meshdoctor.operator;

import static io.meshdoctor.operator.OperatorHarness.hasCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.testing.MeshFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole operator on the mock API server, driven by changes a real cluster would see. */
class DiagnosisOperatorTest {
  private static final String CA_PEM_NIL =
      "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = caPEM is nil (check active WorkloadCertificateConfig)";
  private static final OperatorSettings SETTINGS = OperatorSettings.defaults();

  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new OperatorHarness();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** The healthy fixture with certificates valid around the real clock, since the operator runs now. */
  private static MeshFixture healthyNow() {
    return MeshFixture.healthy().remove("csr/csr-cart-1");
  }

  @Test
  void healthyMeshGetsHealthyDiagnosesWhereTheMeshIs() {
    harness.create(healthyNow().put("ns/web", MeshFixture.namespace("web", "")).put("ns/kube", MeshFixture.namespace("kube-system", "")).yaml());

    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));

    MeshSecurityDiagnosis shop = harness.awaitDiagnosis("shop", d -> true);
    assertThat(shop.getStatus().getHealth()).isEqualTo("Healthy");
    assertThat(shop.getStatus().getFindings()).isEmpty();
    assertThat(shop.getStatus().getTrustDomain()).isEqualTo(MeshFixture.TRUST_DOMAIN);
    assertThat(shop.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=True/DiagnosisCurrent", "Healthy=True/NoFindings");
    assertThat(shop.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mesh-cert-doctor");
    harness.awaitDiagnosis("istio-system", d -> "Healthy".equals(d.getStatus().getHealth()));
    assertThat(harness.diagnosis("web")).isEmpty();
    assertThat(harness.diagnosis("kube-system")).isEmpty();
  }

  @Test
  void failedMountAppearsAndClears() {
    harness.create(healthyNow().put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending")).yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));
    harness.awaitDiagnosis("shop", d -> "Healthy".equals(d.getStatus().getHealth()));

    String event = harness.failedMountOf("shop", "cart-1", CA_PEM_NIL);
    harness.create(event);

    MeshSecurityDiagnosis broken = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD301"));
    assertThat(broken.getStatus().getHealth()).isEqualTo("Unhealthy");
    assertThat(broken.getStatus().getTopFinding()).isEqualTo("MCD301");
    assertThat(broken.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Healthy")).singleElement()
        .satisfies(c -> assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("False/MCD301"));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.client.v1().events().inNamespace("shop").list().getItems().stream()
        .anyMatch(e -> "HealthChanged".equals(e.getReason()) && e.getMessage().contains("from Healthy to Unhealthy")));

    harness.delete(event);

    harness.awaitDiagnosis("shop", d -> "Healthy".equals(d.getStatus().getHealth()));
  }
}
