package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.Severity;
import io.meshdoctor.testing.MeshFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GkeConfigAnalyzerTest {
  private static final GkeConfigAnalyzer ANALYZER = new GkeConfigAnalyzer();

  private static String wcc(String name, String spec, String status) {
    return MeshFixture.workloadCertificateConfig(name, spec, status);
  }

  private static String spec(String endpoint, String keyAlgorithm, String extra) {
    return """
        certificateAuthorityConfig:
          certificateAuthorityServiceConfig:
            endpointURI: "%s"
        %s
        %s""".formatted(endpoint, keyAlgorithm, extra);
  }

  private static final String P256 = "keyAlgorithm:\n  ecdsa:\n    curve: P256";

  @Test
  void healthyConfigurationIsQuiet() {
    assertThat(MeshFixture.healthy().analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void crdsNotServedWhileMeshCertificatesAreUsedIsMcd101Only() {
    var fixture = MeshFixture.healthy()
        .remove("wcc/default")
        .remove("tc/default")
        .put("crds", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gateways.networking.istio.io
            """);

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD101);
    Finding finding = result.findings().get(0);
    assertThat(finding.message())
        .contains("workloadcertificateconfigs.security.cloud.google.com and trustconfigs.security.cloud.google.com")
        .contains("pod shop/cart-1 uses workload certificates");
    assertThat(finding.remediation()).contains("gcloud container clusters update CLUSTER_NAME --enable-mesh-certificates");
    assertThat(finding.namespace()).isNull();
    assertThat(finding.affectedNamespaces()).containsExactly("shop");
  }

  @Test
  void unknownCrdSetNeverClaimsTheFeatureIsOff() {
    var fixture = MeshFixture.healthy().remove("crds").remove("wcc/default").remove("tc/default");

    assertThat(codes(fixture.analyze(ANALYZER))).containsExactly(FindingCode.MCD102);
  }

  @Test
  void missingCrdsDoNotMatterWithoutMeshCertificates() {
    var fixture = MeshFixture.empty()
        .put("ns", MeshFixture.namespace("web", "istio-injection: enabled"))
        .put("crds", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gateways.networking.istio.io
            """);

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void missingDefaultConfigIsMcd102NamingTheEvidence() {
    AnalysisResult result = MeshFixture.healthy().remove("wcc/default").analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD102);
    assertThat(result.findings().get(0).message()).contains("no WorkloadCertificateConfig named default").contains("CSR csr-cart-1");
    assertThat(result.findings().get(0).resource().name()).isEqualTo("default");
  }

  @Test
  void configWithAnotherNameIsMcd108AndDoesNotCountAsDefault() {
    var fixture = MeshFixture.healthy()
        .remove("wcc/default")
        .put("wcc/mesh", wcc("mesh-config", spec(MeshFixture.POOL_URI, P256, ""), MeshFixture.readyStatus(1)));

    assertThat(codes(fixture.analyze(ANALYZER))).containsExactlyInAnyOrder(FindingCode.MCD102, FindingCode.MCD108);
  }

  @Test
  void noMcd102InAClusterThatDoesNotUseMeshCertificates() {
    var fixture = MeshFixture.empty()
        .put("ns", MeshFixture.namespace("web", "istio-injection: enabled"))
        .put("crds", MeshFixture.crds());

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void readyFalseIsMcd103QuotingReasonAndMessage() {
    var fixture = MeshFixture.healthy().put("wcc/default", wcc("default", spec(MeshFixture.POOL_URI, P256, ""),
        MeshFixture.condition("False", "InvalidCAPool", "CA pool issuing-pool not found", 1)));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD103);
    assertThat(result.findings().get(0).message()).contains("status=False").contains("reason=InvalidCAPool")
        .contains("CA pool issuing-pool not found");
  }

  @Test
  void missingReadyConditionIsReportedOnlyOnceTheObjectIsOld() {
    String old = wcc("default", spec(MeshFixture.POOL_URI, P256, ""), null);
    assertThat(codes(MeshFixture.healthy().put("wcc/default", old).analyze(ANALYZER))).containsExactly(FindingCode.MCD103);

    String fresh = old.replace("2026-11-01T09:59:00Z", "2026-11-22T11:58:00Z");
    assertThat(MeshFixture.healthy().put("wcc/default", fresh).analyze(ANALYZER).findings()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "https://privateca.googleapis.com/projects/p/locations/l/caPools/n | starts with a scheme",
    "privateca.googleapis.com/projects/p/locations/l/caPools/n | lacks the leading '//'",
    "projects/p/locations/l/caPools/n | lacks the leading '//privateca.googleapis.com/'",
    "//privateca.googleapis.com/projects/p/locations/l/caPools/n/certificateAuthorities/ca-1 | names a CA",
    "//ca.example.com/projects/p/locations/l/caPools/n | names host 'ca.example.com'",
    "//privateca.googleapis.com/projects/p/locations/l/caPool/n | spells the collection wrong",
    "//privateca.googleapis.com/projects/p/caPools/n | is not of the form",
  })
  void malformedPoolUriIsMcd104WithTheLikelyMistake(String uri, String mistake) {
    var fixture = MeshFixture.healthy().put("wcc/default", wcc("default", spec(uri, P256, ""), MeshFixture.readyStatus(1)));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD104);
    assertThat(result.findings().get(0).message()).contains(mistake);
  }

  @Test
  void schemeMistakeSuggestsTheCorrectedUri() {
    var fixture = MeshFixture.healthy().put("wcc/default",
        wcc("default", spec("https:" + MeshFixture.POOL_URI, P256, ""), MeshFixture.readyStatus(1)));

    assertThat(fixture.analyze(ANALYZER).findings().get(0).message()).contains("write " + MeshFixture.POOL_URI);
  }

  @Test
  void badFallbackUriIsMcd104AndMeshCaConfigNeedsNoUri() {
    String withFallback = spec(MeshFixture.POOL_URI, P256, "").replace("endpointURI", "fallbackURIs: [\"https://example.com/pool\"]\n    endpointURI");
    AnalysisResult result = MeshFixture.healthy().put("wcc/default", wcc("default", withFallback, MeshFixture.readyStatus(1))).analyze(ANALYZER);
    assertThat(codes(result)).containsExactly(FindingCode.MCD104);
    assertThat(result.findings().get(0).message()).contains("fallbackURIs entry 'https://example.com/pool'");

    String meshCa = "certificateAuthorityConfig:\n  meshCAConfig: {}\n" + P256;
    assertThat(MeshFixture.healthy().put("wcc/default", wcc("default", meshCa, MeshFixture.readyStatus(1))).analyze(ANALYZER).findings()).isEmpty();

    String both = "certificateAuthorityConfig:\n  meshCAConfig: {}\n  certificateAuthorityServiceConfig:\n    endpointURI: " + MeshFixture.POOL_URI + "\n" + P256;
    assertThat(codes(MeshFixture.healthy().put("wcc/default", wcc("default", both, MeshFixture.readyStatus(1))).analyze(ANALYZER)))
        .containsExactly(FindingCode.MCD104);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{rsa: {modulusSize: 1024}} | rsa.modulusSize 1024 is not one of 2048, 3072, 4096",
    "{ecdsa: {curve: P521}} | ecdsa.curve 'P521' is not P256 or P384",
    "{ecdsa: {curve: P-256}} | ecdsa.curve 'P-256' is not P256 or P384",
    "{rsa: {modulusSize: 2048}, ecdsa: {curve: P256}} | sets both rsa and ecdsa",
    "{} | sets neither rsa nor ecdsa",
    "{rsa: {}} | rsa has no modulusSize",
  })
  void invalidKeyAlgorithmIsMcd105(String keyAlgorithm, String problem) {
    var fixture = MeshFixture.healthy().put("wcc/default",
        wcc("default", spec(MeshFixture.POOL_URI, "keyAlgorithm: " + keyAlgorithm, ""), MeshFixture.readyStatus(1)));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD105);
    assertThat(result.findings().get(0).message()).contains(problem);
  }

  @ParameterizedTest
  @CsvSource({"'{rsa: {modulusSize: 4096}}'", "'{rsa: {modulusSize: 3072}}'", "'{ecdsa: {curve: P384}}'"})
  void supportedKeyAlgorithmsAreQuiet(String keyAlgorithm) {
    var fixture = MeshFixture.healthy().put("wcc/default",
        wcc("default", spec(MeshFixture.POOL_URI, "keyAlgorithm: " + keyAlgorithm, ""), MeshFixture.readyStatus(1)));

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void absentKeyAlgorithmIsAWarning() {
    AnalysisResult result = MeshFixture.healthy()
        .put("wcc/default", wcc("default", spec(MeshFixture.POOL_URI, "", ""), MeshFixture.readyStatus(1)))
        .analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD106);
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).contains("sets no keyAlgorithm");
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "validityDurationSeconds: 600 | WARNING | validityDurationSeconds is 600",
    "validityDurationSeconds: 5184000 | WARNING | outside 3600-2592000",
    "rotationWindowPercentage: 150 | ERROR | rotationWindowPercentage is 150, outside 0-100",
    "rotationWindowPercentage: -5 | ERROR | outside 0-100",
    "rotationWindowPercentage: 10 | WARNING | outside 20-80",
    "rotationWindowPercentage: 90 | WARNING | outside 20-80",
  })
  void suspiciousLifetimeSettingsAreMcd106(String setting, Severity severity, String text) {
    AnalysisResult result = MeshFixture.healthy()
        .put("wcc/default", wcc("default", spec(MeshFixture.POOL_URI, P256, setting), MeshFixture.readyStatus(1)))
        .analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD106);
      assertThat(f.severity()).isEqualTo(severity);
      assertThat(f.message()).contains(text);
    });
  }

  @Test
  void boundaryLifetimeSettingsAreQuiet() {
    AnalysisResult result = MeshFixture.healthy()
        .put("wcc/default", wcc("default", spec(MeshFixture.POOL_URI, P256,
            "validityDurationSeconds: 3600\nrotationWindowPercentage: 80"), MeshFixture.readyStatus(1)))
        .analyze(ANALYZER);

    assertThat(result.findings()).isEmpty();
  }

  private static String staleObject(String kind, String spec, String status, String lastWrite) {
    return """
        apiVersion: security.cloud.google.com/v1
        kind: %s
        metadata:
          name: default
          generation: 2
          creationTimestamp: "2026-11-01T09:59:00Z"
          managedFields:
          - manager: kubectl-client-side-apply
            operation: Update
            time: "%s"
          - manager: gke-controller
            operation: Update
            subresource: status
            time: "2026-11-22T11:59:00Z"
        spec:
        %s
        status:
        %s
        """.formatted(kind, lastWrite, io.meshdoctor.testing.Yaml.indent(spec, 2), io.meshdoctor.testing.Yaml.indent(status, 2));
  }

  @Test
  void readyConditionBehindTheGenerationForLongIsMcd107() {
    var fixture = MeshFixture.healthy().put("wcc/default",
        staleObject("WorkloadCertificateConfig", spec(MeshFixture.POOL_URI, P256, ""), MeshFixture.readyStatus(1), "2026-11-22T10:30:00Z"));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD107);
    assertThat(result.findings().get(0).message()).contains("generation 1").contains("generation 2").contains("2026-11-22T10:30:00Z");
  }

  @Test
  void recentEditIsNotYetStale() {
    var fixture = MeshFixture.healthy().put("wcc/default",
        staleObject("WorkloadCertificateConfig", spec(MeshFixture.POOL_URI, P256, ""), MeshFixture.readyStatus(1), "2026-11-22T11:55:00Z"));

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void staleTrustConfigIsAlsoMcd107() {
    String spec = "trustStores:\n- trustDomain: " + MeshFixture.TRUST_DOMAIN + "\n  trustAnchors:\n  - certificateAuthorityServiceURI: " + MeshFixture.ROOT_POOL_URI;
    var fixture = MeshFixture.healthy().put("tc/default", staleObject("TrustConfig", spec, MeshFixture.readyStatus(1), "2026-11-21T12:00:00Z"));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD107);
      assertThat(f.resource().kind()).isEqualTo("TrustConfig");
    });
  }
}
