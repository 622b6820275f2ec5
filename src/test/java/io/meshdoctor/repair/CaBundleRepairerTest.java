package io.meshdoctor.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.pki.Fingerprint;
import io.meshdoctor.testing.ApiServer;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.Upstream;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CaBundleRepairerTest {
  private static final Instant NOW = MeshFixture.NOW;
  private static final String INJECTOR = "istio-sidecar-injector";
  private static final String ROOT_BUNDLE = TestPki.base64(MeshFixture.MESH_ROOT.pem());
  private static final String MESH_ROOT_FINGERPRINT = fingerprint();

  private static String fingerprint() {
    try {
      return Fingerprint.sha256(MeshFixture.MESH_ROOT.holder().getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ApiServer server;
  private KubernetesClient client;
  private PrometheusMeterRegistry registry;

  @BeforeEach
  void setUp() {
    server = new ApiServer();
    client = server.client();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    create(MeshFixture.namespace("istio-system", "") + "---\n" + MeshFixture.namespace("shop", "istio-injection: enabled"));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private void create(String yaml) {
    for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(object).create();
    }
  }

  /** The upstream default injector (four webhooks, no caBundle) plus a webhook of another product in the same configuration. */
  private static String injectorWithNeighbour() {
    return Upstream.read("istio/webhooks/istio-sidecar-injector.default.yaml") + """
        - admissionReviewVersions: [v1]
          clientConfig:
            service: {name: policy, namespace: policy-system}
          name: validation.policy.example.com
          sideEffects: None
        """;
  }

  private CaBundleRepairer repairer(RepairMode mode) {
    return new CaBundleRepairer(client, mode, 3, "test", registry);
  }

  private MutatingWebhookConfiguration injector() {
    return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(INJECTOR).get();
  }

  private List<ConfigMap> roots() {
    return client.configMaps().inAnyNamespace().list().getItems();
  }

  private List<Namespace> namespaces() {
    return client.namespaces().list().getItems();
  }

  private void run(CaBundleRepairer repairer, Instant now) {
    repairer.run(client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems(), roots(), namespaces(), now);
  }

  private long patches() {
    return server.requests("PATCH", "mutatingwebhookconfigurations");
  }

  private double counter(String result, String reason) {
    var counter = registry.find("meshdoctor.repairs").tag("result", result).tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void enabledRepairWritesOnlyTheInjectorBundlesAndReportsIt() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    MutatingWebhook neighbourBefore = injector().getWebhooks().get(4);
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);

    run(repairer, NOW);

    MutatingWebhookConfiguration repaired = injector();
    assertThat(repaired.getWebhooks().subList(0, 4)).allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(ROOT_BUNDLE));
    assertThat(repaired.getWebhooks().get(4)).isEqualTo(neighbourBefore);
    assertThat(patches()).isEqualTo(1);
    assertThat(repairer.findingsFor("shop")).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD406);
      assertThat(f.message()).startsWith("Repaired the caBundle of istio-sidecar-injector:")
          .contains("rev.namespace.sidecar-injector.istio.io (is empty) from SHA-256 none to SHA-256 " + MESH_ROOT_FINGERPRINT);
    });
    assertThat(repairer.findingsFor("istio-system")).isEmpty();
    assertThat(client.v1().events().inNamespace("default").list().getItems()).singleElement().satisfies(e -> {
      assertThat(e.getReason()).isEqualTo("CaBundleRepaired");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("MutatingWebhookConfiguration");
      assertThat(e.getInvolvedObject().getName()).isEqualTo(INJECTOR);
    });
    assertThat(counter("attempted", "none")).isEqualTo(1);
    assertThat(counter("succeeded", "none")).isEqualTo(1);

    run(repairer, NOW.plusSeconds(60));

    assertThat(patches()).as("nothing to write when the bytes are right").isEqualTo(1);
  }

  @Test
  void bundleWithoutTheCurrentRootIsReplaced() {
    String stale = Upstream.read("istio/webhooks/istio-sidecar-injector.default.yaml")
        .replace("  clientConfig:\n", "  clientConfig:\n    caBundle: " + TestPki.base64(Upstream.read("istio/samples-certs/root-cert.pem")) + "\n");
    create(stale + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));

    run(repairer(RepairMode.ENABLED), NOW);

    assertThat(injector().getWebhooks()).allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(ROOT_BUNDLE));
  }

  @Test
  void dryRunWritesNothingButReportsOnce() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    CaBundleRepairer repairer = repairer(RepairMode.DRY_RUN);

    run(repairer, NOW);
    run(repairer, NOW.plusSeconds(30));

    assertThat(patches()).isZero();
    assertThat(injector().getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    assertThat(repairer.findingsFor("shop")).singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("Would repair (dryRun) the caBundle of istio-sidecar-injector"));
    assertThat(client.v1().events().inNamespace("default").list().getItems()).extracting(e -> e.getReason())
        .containsExactly("CaBundleRepairDryRun");
  }

  @Test
  void offDoesNothing() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    CaBundleRepairer repairer = repairer(RepairMode.OFF);

    run(repairer, NOW);

    assertThat(patches()).isZero();
    assertThat(repairer.findingsFor("shop")).isEmpty();
  }

  private void assertRefused(CaBundleRepairer repairer, String reason, String detail) {
    assertThat(repairer.findingsFor("shop")).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD407);
      assertThat(f.message()).contains("(" + reason + ")").contains(detail);
    });
    assertThat(counter("refused", reason)).isPositive();
  }

  @Test
  void withoutARootConfigMapNothingIsWritten() {
    create(injectorWithNeighbour());
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);

    run(repairer, NOW);

    assertThat(patches()).isZero();
    assertRefused(repairer, "no_valid_source", "there is no istio-system/istio-ca-root-cert");
  }

  @Test
  void expiredOrNonCaRootsAreNoValidSource() {
    var expired = TestPki.root("O=cluster.local, CN=old root", TestPki.key("rsa2048#oldmesh"), Instant.parse("2016-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:00:00Z"));
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", expired.pem()));
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);
    run(repairer, NOW);
    assertRefused(repairer, "no_valid_source", "CN=old root, valid 2016-01-01T00:00:00Z to 2026-01-01T00:00:00Z, not now");

    var leaf = TestPki.leaf("spiffe://cluster.local/ns/istio-system/sa/istiod", TestPki.key("p256#istiod"), MeshFixture.CAS_ISSUING,
        NOW.minusSeconds(60), NOW.plusSeconds(3600));
    client.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").edit(c -> {
      c.getData().put("root-cert.pem", leaf.pem());
      return c;
    });
    run(repairer, NOW);
    assertRefused(repairer, "no_valid_source", "which is not a CA certificate");
    assertThat(patches()).isZero();
  }

  @Test
  void urlWebhooksAreNeverWritten() {
    String remote = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: istio-sidecar-injector-remote
          labels: {istio.io/rev: default}
        webhooks:
        - name: namespace.sidecar-injector.istio.io
          admissionReviewVersions: [v1]
          sideEffects: None
          namespaceSelector:
            matchLabels: {istio-injection: enabled}
          clientConfig:
            url: https://istiod.example.com:15017/inject
            caBundle: bm90IGEgY2VydGlmaWNhdGU=
        """;
    create(remote + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    MutatingWebhookConfiguration before = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("istio-sidecar-injector-remote").get();
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);

    run(repairer, NOW);

    assertThat(patches()).isZero();
    assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("istio-sidecar-injector-remote").get().getWebhooks())
        .isEqualTo(before.getWebhooks());
    assertRefused(repairer, "url_webhook", "calls a url:");
  }

  @Test
  void stopsFightingWhoeverUndoesTheRepair() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);

    for (int round = 0; round < 5; round++) {
      run(repairer, NOW.plus(Duration.ofMinutes(round)));
      // A GitOps tool re-applies the manifest without the bundle.
      client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(INJECTOR).edit(c -> {
        c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(null));
        return c;
      });
    }

    assertThat(counter("succeeded", "none")).isEqualTo(3);
    assertThat(counter("attempted", "none")).isEqualTo(3);
    assertRefused(repairer, "rate_limited", "3 repairs in the last hour");

    run(repairer, NOW.plus(Duration.ofMinutes(61)));
    assertThat(counter("succeeded", "none")).as("an hour later the first repair left the window").isEqualTo(4);
  }

  @Test
  void concurrentChangeBetweenReadAndWriteIsReadAgainAndKept() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    List<MutatingWebhookConfiguration> cached = client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(INJECTOR).edit(c -> {
      c.getMetadata().getLabels().put("team", "mesh");
      return c;
    });

    repairer(RepairMode.ENABLED).run(cached, roots(), namespaces(), NOW);

    MutatingWebhookConfiguration result = injector();
    assertThat(result.getMetadata().getLabels()).containsEntry("team", "mesh");
    assertThat(result.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(ROOT_BUNDLE);
    assertThat(server.requests("GET", "mutatingwebhookconfigurations/" + INJECTOR)).isPositive();
  }

  @Test
  void concurrentFixMeansNoWrite() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    List<MutatingWebhookConfiguration> cached = client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(INJECTOR).edit(c -> {
      c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(ROOT_BUNDLE));
      return c;
    });
    long before = patches();
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);

    repairer.run(cached, roots(), namespaces(), NOW);

    assertThat(patches() - before).isEqualTo(1);
    assertThat(repairer.findingsFor("shop")).isEmpty();
  }

  @Test
  void twoConflictsInARowAreAWriteConflictRefusal() {
    create(injectorWithNeighbour() + "---\n" + MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    server.conflictNext("PATCH", "mutatingwebhookconfigurations/" + INJECTOR, 2);
    CaBundleRepairer repairer = repairer(RepairMode.ENABLED);

    run(repairer, NOW);

    assertThat(injector().getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    assertRefused(repairer, "write_conflict", "changed twice between reading and writing");
    List<Finding> findings = repairer.findingsFor("shop");
    assertThat(findings).extracting(Finding::code).containsExactly(FindingCode.MCD407);
  }
}
