package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.MESH_ROOT;
import static io.meshdoctor.testing.MeshFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.pki.Fingerprint;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.Upstream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InjectorWebhookAnalyzerTest {
  private static final InjectorWebhookAnalyzer ANALYZER = new InjectorWebhookAnalyzer();
  private static final String UPSTREAM_DEFAULT = Upstream.read("istio/webhooks/istio-sidecar-injector.default.yaml");

  /** The upstream default injector with a caBundle added to each of its four webhooks, as istiod patches it. */
  private static String upstreamDefaultWithBundle(String caBundle) {
    return UPSTREAM_DEFAULT.replace("  clientConfig:\n", "  clientConfig:\n    caBundle: " + caBundle + "\n");
  }

  private static MeshFixture withInjector(String yaml) {
    return MeshFixture.healthy().put("mwc/istio-sidecar-injector", yaml);
  }

  private static List<Finding> findings(MeshFixture fixture) {
    return fixture.analyze(ANALYZER).findings();
  }

  @Test
  void upstreamInjectorPatchedWithTheMeshRootIsQuiet() {
    assertThat(findings(withInjector(upstreamDefaultWithBundle(TestPki.base64(MESH_ROOT.pem()))))).isEmpty();
  }

  @Test
  void upstreamInjectorBeforeIstiodPatchesItIsMcd401ListingEveryWebhook() {
    AnalysisResult result = withInjector(UPSTREAM_DEFAULT).analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD401);
      assertThat(f.resource().name()).isEqualTo("istio-sidecar-injector");
      assertThat(f.message()).contains("rev.namespace.sidecar-injector.istio.io, rev.object.sidecar-injector.istio.io,"
          + " namespace.sidecar-injector.istio.io, object.sidecar-injector.istio.io");
      assertThat(f.remediation()).contains("kubectl get mutatingwebhookconfigurations.admissionregistration.k8s.io istio-sidecar-injector"
          + " -o=jsonpath='{.webhooks[0].clientConfig.caBundle}'").contains("kubectl rollout restart deployment/istiod -n istio-system");
      assertThat(f.affectedNamespaces()).containsExactly("shop");
    });
  }

  @Test
  void revisionedInjectorAndRevisionTagWithoutBundleAreMcd401() {
    var fixture = MeshFixture.healthy()
        .put("mwc/rev", Upstream.read("istio/webhooks/rev-16-injector.yaml"))
        .put("mwc/tag", Upstream.read("istio/webhooks/revision-tag-default.yaml"));

    assertThat(findings(fixture)).extracting(f -> f.code() + " " + f.resource().name())
        .containsExactlyInAnyOrder("MCD401 istio-sidecar-injector-1-16", "MCD401 istio-revision-tag-default");
  }

  @Test
  void configurationsWithoutRevisionLabelAreMcd408() {
    var fixture = MeshFixture.healthy().put("mwc/overlap", Upstream.read("istio/webhooks/analyzer-webhook-overlap.yaml"));

    assertThat(findings(fixture)).extracting(f -> f.code() + " " + f.resource().name())
        .containsExactlyInAnyOrder(
            "MCD408 istio-sidecar-injector-missing-overlap",
            "MCD401 istio-sidecar-injector-missing-overlap",
            "MCD408 istio-sidecar-injector-overlap",
            "MCD401 istio-sidecar-injector-overlap");
  }

  @Test
  void urlWebhooksOtherWebhooksAndOtherConfigurationsAreLeftAlone() {
    String managed = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: istio-sidecar-injector-asm-managed
          labels:
            istio.io/rev: asm-managed
        webhooks:
        - name: rev.namespace.sidecar-injector.istio.io
          admissionReviewVersions: ["v1"]
          sideEffects: None
          clientConfig:
            url: https://meshconfig.googleapis.com/v1alpha1/projects/my-proj/locations/us-central1/clusters/prod/injection
        """;
    String mixed = MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system", TestPki.base64(MESH_ROOT.pem())) + "\n"
        + """
        - name: validation.policy.example.com
          admissionReviewVersions: ["v1"]
          sideEffects: None
          clientConfig:
            service:
              name: policy
              namespace: policy-system
        """;
    String certManager = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: cert-manager-webhook
        webhooks:
        - name: webhook.cert-manager.io
          admissionReviewVersions: ["v1"]
          sideEffects: None
          clientConfig:
            service:
              name: cert-manager-webhook
              namespace: cert-manager
        """;
    var fixture = MeshFixture.healthy().put("mwc/managed", managed).put("mwc/istio-sidecar-injector", mixed).put("mwc/cm", certManager);

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void bundleThatIsNotBase64PemIsMcd402() {
    assertThat(findings(withInjector(upstreamDefaultWithBundle("'not base64 at all!'")))).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD402);
      assertThat(f.message()).contains("not valid base64");
    });

    String pastedPem = MESH_ROOT.pem().replace("\n", "\\n");
    assertThat(findings(withInjector(upstreamDefaultWithBundle("\"" + pastedPem + "\"")))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("holds PEM text where base64 of the PEM is required"));

    assertThat(findings(withInjector(upstreamDefaultWithBundle(TestPki.base64("hello, world")))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("no PEM block found"));
  }

  @Test
  void bundleOfExpiredCertificatesIsMcd403() {
    var expired = TestPki.root("O=my-proj.svc.id.goog, CN=old root", TestPki.key("rsa2048#meshroot"),
        Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));

    AnalysisResult result = withInjector(upstreamDefaultWithBundle(TestPki.base64(expired.pem()))).analyze(ANALYZER);

    assertThat(codes(result)).containsExactlyInAnyOrder(FindingCode.MCD403, FindingCode.MCD404);
    assertThat(result.findings()).filteredOn(f -> f.code() == FindingCode.MCD403).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("CN=old root expired at 2026-01-01T00:00:00Z"));
  }

  @Test
  void bundleWithoutTheMeshRootIsMcd404QuotingBothFingerprints() {
    String sampleRoot = Upstream.read("istio/samples-certs/root-cert.pem");

    AnalysisResult result = withInjector(upstreamDefaultWithBundle(TestPki.base64(sampleRoot))).analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD404);
      assertThat(f.message()).contains("istio-system/istio-ca-root-cert")
          .contains(Fingerprint.sha256(MESH_ROOT.holder().getEncoded()))
          .contains("63:72:7A:17");
    });
  }

  @Test
  void bundleHoldingTheMeshRootAmongOthersIsQuiet() {
    // The upstream file has no final newline; bundles are joined line by line.
    String combined = Upstream.read("istio/samples-certs/root-cert-combined.pem") + "\n" + MESH_ROOT.pem();

    assertThat(findings(withInjector(upstreamDefaultWithBundle(TestPki.base64(combined))))).isEmpty();
  }

  @Test
  void noExpectedRootWithoutTheConfigMap() {
    String sampleRoot = Upstream.read("istio/samples-certs/root-cert.pem");
    var fixture = withInjector(upstreamDefaultWithBundle(TestPki.base64(sampleRoot))).remove("root/istio-system");

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void bundleExpiringWithinThirtyDaysIsMcd405() {
    var soon = TestPki.root("O=my-proj.svc.id.goog, CN=istiod root", TestPki.key("rsa2048#meshroot"),
        Instant.parse("2025-12-01T00:00:00Z"), Instant.parse("2026-12-02T12:00:00Z"));
    var fixture = withInjector(upstreamDefaultWithBundle(TestPki.base64(soon.pem())))
        .put("root/istio-system", MeshFixture.rootCert("istio-system", soon.pem()));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD405);
      assertThat(f.message()).contains("valid until 2026-12-02T12:00:00Z, within the 30d warning period");
    });
  }

  @Test
  void namespacesAffectedAreThoseTheWebhooksSelect() {
    var fixture = withInjector(UPSTREAM_DEFAULT)
        .put("ns/web", MeshFixture.namespace("web", "istio.io/rev: default"))
        .put("ns/canary", MeshFixture.namespace("canary", "istio.io/rev: canary"))
        .put("ns/plain", MeshFixture.namespace("plain", ""));

    assertThat(findings(fixture)).singleElement().satisfies(f -> assertThat(f.affectedNamespaces()).containsExactly("shop", "web"));
  }
}
