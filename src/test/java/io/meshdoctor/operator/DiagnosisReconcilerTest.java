package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.testing.ApiServer;
import io.meshdoctor.testing.MeshFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler's decisions over stub caches; writes go to the mock API server. */
class DiagnosisReconcilerTest {
  private ApiServer server;
  private KubernetesClient client;
  private DiagnosisReconciler reconciler;
  private PrometheusMeterRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    server = new ApiServer().withDiagnosisCrd();
    client = server.client();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    reconciler = OperatorHarness.reconciler(client, OperatorSettings.defaults(), registry, Clock.fixed(MeshFixture.NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private static Namespace namespace(FakeCaches caches, String name) {
    return caches.namespaces().stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private MeshSecurityDiagnosis stored(String namespace, String name) {
    return client.resources(MeshSecurityDiagnosis.class).inNamespace(namespace).withName(name).get();
  }

  @Test
  void createsAndFillsTheDefaultDiagnosisOfANamespaceInScope() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("wcc/default").yaml());

    reconciler.reconcile(namespace(caches, "shop"), caches);

    MeshSecurityDiagnosis created = stored("shop", "default");
    assertThat(created.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mesh-cert-doctor");
    assertThat(created.getStatus().getFindings()).extracting(f -> f.getCode()).containsExactly("MCD102");
    assertThat(created.getStatus().getTrustDomain()).isEqualTo(MeshFixture.TRUST_DOMAIN);
  }

  @Test
  void secondPassWithUnchangedInputsWritesNothing() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("wcc/default").yaml());
    reconciler.reconcile(namespace(caches, "shop"), caches);
    caches.diagnoses.add(stored("shop", "default"));
    long writes = server.writesTo("meshsecuritydiagnoses");

    reconciler.reconcile(namespace(caches, "shop"), caches);

    assertThat(server.writesTo("meshsecuritydiagnoses")).isEqualTo(writes);
    assertThat(registry.find("meshdoctor.analyses").counter().count()).isEqualTo(2);
  }

  @Test
  void leavingScopeDeletesOurDiagnosisButKeepsAndFillsAUsersOne() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().put("ns/web", MeshFixture.namespace("web", "")).yaml());
    MeshSecurityDiagnosis ours = new MeshSecurityDiagnosis();
    ours.getMetadata().setName("default");
    ours.getMetadata().setNamespace("web");
    ours.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "mesh-cert-doctor"));
    MeshSecurityDiagnosis theirs = new MeshSecurityDiagnosis();
    theirs.getMetadata().setName("mine");
    theirs.getMetadata().setNamespace("web");
    caches.diagnoses.add(client.resource(ours).create());
    caches.diagnoses.add(client.resource(theirs).create());

    reconciler.reconcile(namespace(caches, "web"), caches);

    assertThat(stored("web", "default")).isNull();
    assertThat(stored("web", "mine").getStatus().getHealth()).isEqualTo("Healthy");
  }

  @Test
  void metricsOfANamespaceGoWhenItsDiagnosesGo() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("wcc/default").yaml());
    reconciler.reconcile(namespace(caches, "shop"), caches);
    assertThat(registry.scrape()).contains("namespace=\"shop\"");

    FakeCaches later = new FakeCaches(MeshFixture.healthy().remove("wcc/default").yaml().replace("istio-injection: enabled", "team: shop")
        .replace("security.cloud.google.com/use-workload-certificates: \"\"", "team: shop").replace("driver: workloadcertificates.security.cloud.google.com", "driver: other.csi.example.com")
        .replace("name: gke-workload-certificates", "name: data"));
    later.diagnoses.add(stored("shop", "default"));
    reconciler.reconcile(namespace(later, "shop"), later);

    assertThat(stored("shop", "default")).isNull();
    assertThat(registry.scrape()).doesNotContain("namespace=\"shop\"");
  }

  @Test
  void metricsFollowTheNamespacesFindings() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("wcc/default").yaml());

    reconciler.reconcile(namespace(caches, "shop"), caches);

    String scrape = registry.scrape();
    assertThat(scrape).contains("meshdoctor_findings{code=\"MCD102\",namespace=\"shop\",severity=\"Error\"} 1.0");
    assertThat(scrape).contains("meshdoctor_namespace_health{health=\"Unhealthy\",namespace=\"shop\"} 1.0");
    double expiry = registry.find("meshdoctor.injector.cabundle.expiration.timestamp.seconds").tag("configuration", "istio-sidecar-injector")
        .gauge().value();
    assertThat((long) expiry).isEqualTo(MeshFixture.MESH_ROOT.holder().getNotAfter().toInstant().getEpochSecond());
  }
}
