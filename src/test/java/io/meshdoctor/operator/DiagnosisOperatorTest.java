package io.meshdoctor.operator;

import static io.meshdoctor.operator.OperatorHarness.hasCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.testing.MeshFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void deletingAndRestoringTheWorkloadCertificateConfigFansOutToEveryUsingNamespace() {
    MeshFixture fixture = healthyNow()
        .put("ns/payments", MeshFixture.namespace("payments", "istio-injection: enabled"))
        .put("pod/payments", MeshFixture.workloadPod("payments", "ledger-0", "ledger", "Running"));
    harness.create(fixture.yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));
    harness.awaitDiagnosis("payments", d -> "Healthy".equals(d.getStatus().getHealth()));

    String wcc = MeshFixture.healthy().remove("crds").remove("tc/default").remove("ns/istio-system").remove("ns/shop")
        .remove("pod/shop/cart-1").remove("csr/csr-cart-1").remove("mwc/istio-sidecar-injector").remove("root/istio-system").remove("root/shop").yaml();
    harness.delete(wcc);

    for (String namespace : new String[] {"shop", "payments"}) {
      MeshSecurityDiagnosis diagnosis = harness.awaitDiagnosis(namespace, d -> hasCode(d, "MCD102"));
      assertThat(diagnosis.getStatus().getFindings()).singleElement().satisfies(f -> {
        assertThat(f.getResource().getKind()).isEqualTo("WorkloadCertificateConfig");
        assertThat(f.getDocs()).isEqualTo("docs/findings/MCD102.md");
      });
    }
    assertThat(harness.diagnosis("istio-system").orElseThrow().getStatus().getFindings()).isEmpty();

    harness.create(wcc);

    harness.awaitDiagnosis("shop", d -> d.getStatus().getFindings().isEmpty());
    harness.awaitDiagnosis("payments", d -> d.getStatus().getFindings().isEmpty());
  }

  @Test
  void namespaceEntersAndLeavesScope() {
    harness.create(healthyNow().put("ns/web", MeshFixture.namespace("web", "")).yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));
    harness.awaitDiagnosis("shop", d -> true);
    assertThat(harness.diagnosis("web")).isEmpty();

    harness.client.namespaces().withName("web").edit(n -> {
      n.getMetadata().getLabels().put("istio-injection", "enabled");
      return n;
    });
    harness.awaitDiagnosis("web", d -> "Healthy".equals(d.getStatus().getHealth()));

    harness.client.namespaces().withName("web").edit(n -> {
      n.getMetadata().getLabels().remove("istio-injection");
      return n;
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.diagnosis("web").isEmpty());
  }

  @Test
  void excludedNamespacesAndTheSelectorAreRespected() {
    harness.create(healthyNow()
        .put("ns/gke-managed", MeshFixture.namespace("gke-managed-system", "istio-injection: enabled"))
        .put("ns/team", MeshFixture.namespace("team-a", "istio-injection: enabled\nteam: a"))
        .yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN).withNamespaces("team in (a)", OperatorSettings.DEFAULT_EXCLUDED));

    harness.awaitDiagnosis("team-a", d -> true);
    assertThat(harness.diagnosis("shop")).isEmpty();
    assertThat(harness.diagnosis("gke-managed-system")).isEmpty();
  }

  @Test
  void gkeCrdsAbsentAtStartAreReportedAndPickedUpWhenInstalled() {
    harness.server.notInstalled("security.cloud.google.com");
    MeshFixture withoutGke = healthyNow().remove("crds").remove("wcc/default").remove("tc/default");
    harness.create(withoutGke.yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));

    MeshSecurityDiagnosis missing = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD101"));
    assertThat(missing.getStatus().getFindings()).extracting(f -> f.getCode()).containsExactly("MCD101");

    harness.server.installed("security.cloud.google.com");
    harness.create(MeshFixture.crds());
    MeshFixture gke = MeshFixture.empty()
        .put("wcc", MeshFixture.workloadCertificateConfig("default", MeshFixture.wccSpec(""), MeshFixture.readyStatus(1)))
        .put("tc", trustConfig());
    harness.create(gke.yaml());

    harness.awaitDiagnosis("shop", d -> d.getStatus().getFindings().isEmpty());
  }

  private static String trustConfig() {
    return MeshFixture.trustConfig("default", "trustStores:\n- trustDomain: " + MeshFixture.TRUST_DOMAIN
        + "\n  trustAnchors:\n  - certificateAuthorityServiceURI: " + MeshFixture.ROOT_POOL_URI,
        MeshFixture.renderedStatus(MeshFixture.TRUST_DOMAIN, MeshFixture.CAS_ROOT.pem()));
  }

  @Test
  void kindTheOperatorMayNotReadIsMcd001AndTheRestWorks() {
    harness.server.forbid("/apis/certificates.k8s.io/", "certificatesigningrequests.certificates.k8s.io");
    harness.create(healthyNow().yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));

    MeshSecurityDiagnosis diagnosis = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD001"));
    assertThat(diagnosis.getStatus().getFindings()).singleElement().satisfies(f -> {
      assertThat(f.getResource().getKind()).isEqualTo("CertificateSigningRequest");
      assertThat(f.getMessage()).contains("forbidden");
    });
    assertThat(diagnosis.getStatus().getHealth()).isEqualTo("Degraded");
  }

  @Test
  void malformedObjectIsMcd002AndTheOperatorGoesOn() {
    String malformed = MeshFixture.workloadCertificateConfig("default",
        "certificateAuthorityConfig:\n  certificateAuthorityServiceConfig:\n    endpointURI: " + MeshFixture.POOL_URI + "\nkeyAlgorithm: rsa",
        MeshFixture.readyStatus(1));
    harness.create(healthyNow().put("wcc/default", malformed).put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending")).yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));

    MeshSecurityDiagnosis diagnosis = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD002"));
    assertThat(diagnosis.getStatus().getFindings()).filteredOn(f -> f.getCode().equals("MCD002")).singleElement()
        .satisfies(f -> assertThat(f.getMessage()).contains("spec.keyAlgorithm is the string 'rsa', expected an object"));

    harness.create(harness.failedMountOf("shop", "cart-1", CA_PEM_NIL));

    harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD301") && hasCode(d, "MCD002"));
  }

  @Test
  void idleResyncMakesNoWrites() {
    harness.create(healthyNow().put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending")).yaml());
    harness.create(harness.failedMountOf("shop", "cart-1", CA_PEM_NIL));
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));
    harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD301"));
    harness.awaitDiagnosis("istio-system", d -> true);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    long writes = harness.server.writesTo("meshsecuritydiagnoses");
    double analyses = harness.counter("meshdoctor.analyses");

    for (String namespace : new String[] {"shop", "istio-system"}) {
      harness.client.namespaces().withName(namespace).edit(n -> {
        n.getMetadata().getLabels().put("touched", "yes");
        return n;
      });
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.counter("meshdoctor.analyses") >= analyses + 2);
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);

    assertThat(harness.server.writesTo("meshsecuritydiagnoses")).isEqualTo(writes);
  }

  @Test
  void timeAloneBringsTheFindingsItCausesAndNothingElseIsWritten() {
    // The cart certificate of the fixture is valid from NOW-2h to NOW+22h.
    AtomicReference<Instant> now = new AtomicReference<>(MeshFixture.NOW);
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
    harness.create(MeshFixture.healthy().yaml());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN).withReanalyseEvery(Duration.ofSeconds(1)), Optional.empty(),
        harness.registry, clock);
    harness.awaitDiagnosis("shop", d -> "Healthy".equals(d.getStatus().getHealth()));
    harness.awaitDiagnosis("istio-system", d -> true);
    long writes = harness.server.writesTo("meshsecuritydiagnoses");
    double analyses = harness.counter("meshdoctor.analyses");

    await().atMost(Duration.ofSeconds(10)).until(() -> harness.counter("meshdoctor.analyses") >= analyses + 4);
    assertThat(harness.server.writesTo("meshsecuritydiagnoses")).as("re-analyses with unchanged inputs and time").isEqualTo(writes);

    now.set(MeshFixture.NOW.plus(Duration.ofHours(23)));
    MeshSecurityDiagnosis expired = harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD205"));
    assertThat(expired.getStatus().getHealth()).isEqualTo("Unhealthy");
  }

  @Test
  void burstOfFailingPodsIsAnalysedFarFewerTimesThanItHasEvents() {
    harness.create(healthyNow().yaml());
    StringBuilder pods = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      pods.append(MeshFixture.workloadPod("shop", "burst-" + i, "cart", "Pending")).append("---\n");
    }
    harness.create(pods.toString());
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));
    harness.awaitDiagnosis("shop", d -> "Healthy".equals(d.getStatus().getHealth()));
    double before = harness.counter("meshdoctor.analyses");

    for (int i = 0; i < 150; i++) {
      harness.create(harness.failedMountOf("shop", "burst-" + i, CA_PEM_NIL));
    }

    MeshSecurityDiagnosis diagnosis = harness.awaitDiagnosis("shop", d -> d.getStatus().getSummary().getErrors() == 150);
    assertThat(diagnosis.getStatus().getFindings()).hasSize(100);
    assertThat(diagnosis.getStatus().getOmittedFindings()).isEqualTo(50);
    assertThat(harness.counter("meshdoctor.analyses") - before).isLessThan(50);
  }

  @Test
  void userCreatedDiagnosisIsFilledAndHonoursSuppress() {
    harness.create(healthyNow().put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending")).yaml());
    harness.create("""
        apiVersion: meshdoctor.io/v1alpha1
        kind: MeshSecurityDiagnosis
        metadata:
          name: team-view
          namespace: shop
        spec:
          suppress: [MCD301]
        """);
    harness.create(harness.failedMountOf("shop", "cart-1", CA_PEM_NIL));
    harness.start(SETTINGS.withTrustDomain(MeshFixture.TRUST_DOMAIN));

    harness.awaitDiagnosis("shop", d -> hasCode(d, "MCD301"));
    MeshSecurityDiagnosis view = await().atMost(Duration.ofSeconds(30)).until(
        () -> harness.client.resources(MeshSecurityDiagnosis.class).inNamespace("shop").withName("team-view").get(),
        d -> d.getStatus() != null);
    assertThat(view.getStatus().getFindings()).isEmpty();
    assertThat(view.getStatus().getSuppressed()).containsEntry("MCD301", 1);
    assertThat(view.getStatus().getHealth()).isEqualTo("Healthy");
  }
}
