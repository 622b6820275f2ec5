package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.cli.Main;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.operator.api.DiagnosisFinding;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import io.meshdoctor.testing.ApiServer;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.TestPki.Cert;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes a broken cluster reaches: a namespace with 10,000 failing pods, 5,000 namespaces, a 2 MB
 * webhook configuration, kubelet messages of a megabyte. The diagnosis keeps its caps, its counts
 * stay exact and the object stays under the API server's 1.5 MiB. Timeouts are generous: they catch
 * runaway cost, not a slow machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScaleTest {
  private static final Instant NOW = MeshFixture.NOW;
  private static final int OBJECT_SIZE_LIMIT = 1536 * 1024;
  private static final String CA_PEM_NIL =
      "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = caPEM is nil"
          + " (check active WorkloadCertificateConfig)";

  @TempDir Path dir;
  private ApiServer server;
  private KubernetesClient client;
  private DiagnosisReconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    server = new ApiServer().withDiagnosisCrd();
    client = server.client();
    reconciler = OperatorHarness.reconciler(client, OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private static Pod pendingWorkloadPod(String namespace, String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid("uid-" + name).endMetadata()
        .withNewSpec().addNewVolume().withName("gke-workload-certificates").withNewCsi()
        .withDriver("workloadcertificates.security.cloud.google.com").endCsi().endVolume().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build();
  }

  private static Event failedMount(String namespace, String pod, String message) {
    return failedMount(namespace, pod, "uid-" + pod, message);
  }

  private static Event failedMount(String namespace, String pod, String podUid, String message) {
    return new EventBuilder().withNewMetadata().withName(pod + ".17a").withNamespace(namespace).endMetadata()
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(pod).withNamespace(namespace).withUid(podUid)
        .endInvolvedObject()
        .withReason("FailedMount").withType("Warning").withMessage(message).withCount(3)
        .withLastTimestamp(NOW.minus(Duration.ofMinutes(1)).toString()).build();
  }

  private static Namespace namespace(FakeCaches caches, String name) {
    return caches.namespaces().stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private MeshSecurityDiagnosis stored(String namespace) {
    return client.resources(MeshSecurityDiagnosis.class).inNamespace(namespace).withName(MeshSecurityDiagnosis.DEFAULT_NAME).get();
  }

  private int serializedSize(MeshSecurityDiagnosis diagnosis) {
    return client.getKubernetesSerialization().asJson(diagnosis).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void tenThousandFailingPodsAreCountedExactlyAndListedUpToTheCap() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("csr/csr-cart-1").yaml());
    for (int i = 0; i < 10_000; i++) {
      caches.objects.add(pendingWorkloadPod("shop", "burst-" + i));
      caches.objects.add(failedMount("shop", "burst-" + i, CA_PEM_NIL));
    }

    reconciler.reconcile(namespace(caches, "shop"), caches);

    MeshSecurityDiagnosis diagnosis = stored("shop");
    assertThat(diagnosis.getStatus().getSummary().getErrors()).isEqualTo(10_000);
    assertThat(diagnosis.getStatus().getFindings()).hasSize(100).allSatisfy(f -> assertThat(f.getCode()).isEqualTo("MCD301"));
    assertThat(diagnosis.getStatus().getOmittedFindings()).isEqualTo(9_900);
    assertThat(serializedSize(diagnosis)).isLessThan(OBJECT_SIZE_LIMIT);

    // Unchanged, the next pass writes nothing, however large the namespace.
    caches.diagnoses.add(diagnosis);
    long writes = server.writesTo("meshsecuritydiagnoses");
    reconciler.reconcile(namespace(caches, "shop"), caches);
    assertThat(server.writesTo("meshsecuritydiagnoses")).isEqualTo(writes);
  }

  @Test
  void megabyteKubeletMessagesAreShortenedSoTheObjectStaysUnderTheLimit() {
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("csr/csr-cart-1").yaml());
    String huge = CA_PEM_NIL + " " + "z".repeat(1024 * 1024);
    for (int i = 0; i < 120; i++) {
      caches.objects.add(pendingWorkloadPod("shop", "burst-" + i));
      caches.objects.add(failedMount("shop", "burst-" + i, huge));
    }

    reconciler.reconcile(namespace(caches, "shop"), caches);

    MeshSecurityDiagnosis diagnosis = stored("shop");
    assertThat(diagnosis.getStatus().getSummary().getErrors()).isEqualTo(120);
    assertThat(diagnosis.getStatus().getFindings()).hasSize(100).allSatisfy(f -> {
      assertThat(f.getMessage()).hasSize(DiagnosisStatuses.MAX_TEXT).endsWith("…").contains("caPEM is nil");
    });
    assertThat(diagnosis.getStatus().getConditions()).allSatisfy(c -> assertThat(c.getMessage().length()).isLessThan(4096));
    assertThat(serializedSize(diagnosis)).isLessThan(OBJECT_SIZE_LIMIT);
  }

  @Test
  void aCapRaisedByTheUserStillKeepsTheObjectUnderTheLimit() {
    reconciler = OperatorHarness.reconciler(client, OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN).withMaxFindings(5_000),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.fixed(NOW, ZoneOffset.UTC));
    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("csr/csr-cart-1").yaml());
    String long1k = CA_PEM_NIL + " " + "w".repeat(1024);
    for (int i = 0; i < 5_000; i++) {
      caches.objects.add(pendingWorkloadPod("shop", "burst-" + i));
      caches.objects.add(failedMount("shop", "burst-" + i, long1k));
    }

    reconciler.reconcile(namespace(caches, "shop"), caches);

    MeshSecurityDiagnosis diagnosis = stored("shop");
    assertThat(diagnosis.getStatus().getSummary().getErrors()).isEqualTo(5_000);
    assertThat(diagnosis.getStatus().getFindings().size() + diagnosis.getStatus().getOmittedFindings()).isEqualTo(5_000);
    assertThat(diagnosis.getStatus().getOmittedFindings()).isPositive();
    assertThat(serializedSize(diagnosis)).isLessThan(OBJECT_SIZE_LIMIT);
  }

  @Test
  void fiveThousandNamespacesEachGetTheirFindingAndACommonCauseNamesThemAll() throws Exception {
    String base = MeshFixture.healthy().remove("csr/csr-cart-1")
        .put("mwc/istio-sidecar-injector", MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system", ""))
        .yaml();
    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(new ManifestReader().read(List.of("-"), new ByteArrayInputStream(base.getBytes(StandardCharsets.UTF_8))), builder);
    FakeCaches caches = new FakeCaches(base);
    for (int n = 0; n < 5_000; n++) {
      String name = "team-" + n;
      Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name)
          .withLabels(Map.of("istio-injection", "enabled", "kubernetes.io/metadata.name", name)).endMetadata().build();
      for (HasMetadata object : List.of(namespace, pendingWorkloadPod(name, "api-0"), failedMount(name, "api-0", CA_PEM_NIL))) {
        builder.add(object, null);
        caches.objects.add(object);
      }
    }

    AnalysisResult result = Analyzers.engine().run(builder.build(), AnalysisSettings.defaults(), NOW);

    assertThat(result.findings()).filteredOn(f -> f.code() == FindingCode.MCD301).hasSize(5_000);
    Finding emptyBundle = result.findings().stream().filter(f -> f.code() == FindingCode.MCD401).findFirst().orElseThrow();
    assertThat(emptyBundle.affectedNamespaces()).hasSize(5_001).contains("team-0", "team-4999", "shop");

    // The operator diagnoses one namespace among them from its caches.
    reconciler.reconcile(namespace(caches, "team-2500"), caches);
    assertThat(stored("team-2500").getStatus().getFindings()).extracting(DiagnosisFinding::getCode).contains("MCD301", "MCD401");
  }

  @Test
  void twoMegabyteWebhookConfigurationIsReportedInOneFinding() throws Exception {
    Cert retired = TestPki.root("O=" + MeshFixture.TRUST_DOMAIN + ", CN=retired root", TestPki.key("rsa2048#retired"),
        Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2034-01-01T00:00:00Z"));
    String bundle = TestPki.base64(TestPki.chainPem(retired, MeshFixture.CAS_ROOT, MeshFixture.CAS_ISSUING));
    MutatingWebhookConfigurationBuilder webhooks = new MutatingWebhookConfigurationBuilder().withNewMetadata()
        .withName("istio-sidecar-injector").withLabels(Map.of("istio.io/rev", "default", "app", "sidecar-injector")).endMetadata();
    for (int i = 0; i < 700; i++) {
      webhooks.addNewWebhook().withName("ns-" + i + ".namespace.sidecar-injector.istio.io").withSideEffects("None")
          .withAdmissionReviewVersions("v1").withNewClientConfig().withCaBundle(bundle)
          .withNewService().withName("istiod").withNamespace("istio-system").withPath("/inject").endService().endClientConfig()
          .endWebhook();
    }
    MutatingWebhookConfiguration configuration = webhooks.build();
    String yaml = client.getKubernetesSerialization().asYaml(configuration);
    assertThat(yaml.length()).isGreaterThan(2 * 1024 * 1024);
    Path file = dir.resolve("dump.yaml");
    Files.writeString(file, MeshFixture.healthy().remove("mwc/istio-sidecar-injector").yaml() + "---\n" + yaml);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new String[] {"analyze", "-f", file.toString()}, new PrintWriter(out), new PrintWriter(err),
        InputStream.nullInputStream(), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(exit).as(err.toString()).isEqualTo(1);
    assertThat(out.toString().lines().filter(l -> l.startsWith("Error"))).singleElement().asString()
        .contains("MCD404", "MutatingWebhookConfiguration/istio-sidecar-injector");

    FakeCaches caches = new FakeCaches(MeshFixture.healthy().remove("csr/csr-cart-1").remove("mwc/istio-sidecar-injector").yaml());
    caches.objects.add(configuration);
    reconciler.reconcile(namespace(caches, "shop"), caches);
    MeshSecurityDiagnosis diagnosis = stored("shop");
    assertThat(diagnosis.getStatus().getFindings()).extracting(DiagnosisFinding::getCode).containsExactly("MCD404");
    assertThat(serializedSize(diagnosis)).isLessThan(64 * 1024);
  }

  @Test
  void threeHundredFailingPodsEndToEndOnTheApiServer() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(MeshFixture.healthy().remove("csr/csr-cart-1").yaml());
      for (int i = 0; i < 300; i++) {
        Pod pod = harness.client.resource(pendingWorkloadPod("shop", "burst-" + i)).create();
        // One kubelet message of a megabyte among them: the status shortens it.
        String message = i == 0 ? CA_PEM_NIL + " " + "q".repeat(1024 * 1024) : CA_PEM_NIL;
        harness.client.resource(failedMount("shop", "burst-" + i, pod.getMetadata().getUid(), message)).create();
      }

      harness.start(OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN));

      MeshSecurityDiagnosis diagnosis = harness.awaitDiagnosis("shop", d -> d.getStatus().getSummary().getErrors() == 300);
      assertThat(diagnosis.getStatus().getFindings()).hasSize(100).allSatisfy(f -> assertThat(f.getCode()).isEqualTo("MCD301"));
      assertThat(diagnosis.getStatus().getOmittedFindings()).isEqualTo(200);
      assertThat(harness.client.getKubernetesSerialization().asJson(diagnosis).length()).isLessThan(OBJECT_SIZE_LIMIT);
    }
  }
}
