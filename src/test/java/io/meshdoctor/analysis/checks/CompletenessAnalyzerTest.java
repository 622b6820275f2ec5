package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.NOW;
import static io.meshdoctor.testing.MeshFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.testing.MeshFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletenessAnalyzerTest {
  private static final CompletenessAnalyzer ANALYZER = new CompletenessAnalyzer();

  @Test
  void completeInputIsQuiet() {
    assertThat(MeshFixture.healthy().analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void unreadableKindIsMcd001NamingKindAndError() {
    ClusterSnapshot snapshot = ClusterSnapshot.builder()
        .problem(InputProblem.unreadableKind(InputKind.CERTIFICATE_SIGNING_REQUEST,
            "HTTP 403: certificatesigningrequests.certificates.k8s.io is forbidden: User \"system:serviceaccount:mesh:doctor\" cannot list resource"))
        .build();

    AnalysisResult result = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), NOW);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD001);
      assertThat(f.namespace()).isNull();
      assertThat(f.resource().kind()).isEqualTo("CertificateSigningRequest");
      assertThat(f.message()).contains("certificatesigningrequests.certificates.k8s.io").contains("HTTP 403");
      assertThat(f.remediation()).contains("kubectl auth can-i list certificatesigningrequests.certificates.k8s.io");
    });
  }

  @Test
  void wrongShapedObjectIsMcd002WhileTheRestOfTheAnalysisGoesOn() {
    String brokenPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: broken
          namespace: shop
        spec:
          volumes: "not a list"
        """;
    var fixture = MeshFixture.healthy().remove("wcc/default").put("pod/broken", brokenPod);

    AnalysisResult result = Analyzers.engine().run(fixture.snapshot(), AnalysisSettings.defaults(), NOW);

    assertThat(codes(result)).containsExactly(FindingCode.MCD102, FindingCode.MCD002);
    assertThat(result.findings().get(1)).satisfies(f -> {
      assertThat(f.namespace()).isEqualTo("shop");
      assertThat(f.resource().name()).isEqualTo("broken");
      assertThat(f.message()).startsWith("Pod shop/broken (-:").contains("does not match the Pod schema");
    });
  }

  @Test
  void wrongShapedFieldOfAGkeObjectIsMcd002AndTheOtherFieldsStillCount() {
    String wcc = MeshFixture.workloadCertificateConfig("default", """
        certificateAuthorityConfig:
          certificateAuthorityServiceConfig:
            endpointURI: https://privateca.googleapis.com/projects/p/locations/l/caPools/n
        keyAlgorithm:
          rsa:
            modulusSize: [4096]""", MeshFixture.readyStatus(1));

    AnalysisResult result = Analyzers.engine().run(MeshFixture.healthy().put("wcc/default", wcc).snapshot(), AnalysisSettings.defaults(), NOW);

    assertThat(codes(result)).containsExactly(FindingCode.MCD104, FindingCode.MCD105, FindingCode.MCD002);
    assertThat(result.findings().get(2).message()).contains("spec.keyAlgorithm.rsa.modulusSize is a list, expected an integer");
  }

  @Test
  void documentsWithoutKindAndMissingNamesAreMcd002() {
    var fixture = MeshFixture.empty()
        .put("a", "just: a map\n")
        .put("b", "apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: shop\n");

    assertThat(fixture.analyze(ANALYZER).findings()).extracting(f -> f.message())
        .anySatisfy(m -> assertThat(m).contains("has no apiVersion or kind"))
        .anySatisfy(m -> assertThat(m).contains("metadata.name is missing"));
  }

  @Test
  void unknownTrustDomainWhileMeshCertificatesAreUsedIsMcd003() {
    var fixture = MeshFixture.healthy().remove("csr/csr-cart-1");

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD003);
      assertThat(f.remediation()).contains("--trust-domain PROJECT_ID.svc.id.goog");
      assertThat(f.affectedNamespaces()).containsExactly("shop");
    });
    assertThat(result.trustDomain()).isEqualTo(TrustDomain.unknown());
  }

  @Test
  void trustDomainFromTheSettingOrNoMeshCertificatesMeansNoMcd003() {
    var fixture = MeshFixture.healthy().remove("csr/csr-cart-1");
    AnalysisSettings settings = AnalysisSettings.defaults().withTrustDomain("my-proj.svc.id.goog", TrustDomain.Source.CONFIG);
    assertThat(fixture.analyze(settings, ANALYZER).findings()).isEmpty();

    var istioOnly = MeshFixture.empty().put("ns", MeshFixture.namespace("web", "istio-injection: enabled"));
    assertThat(istioOnly.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void problemsOfSeveralKindsAreEachReported() {
    ClusterSnapshot snapshot = ClusterSnapshot.builder()
        .problem(InputProblem.unreadableKind(InputKind.POD, "HTTP 403: forbidden"))
        .problem(InputProblem.unreadableKind(InputKind.EVENT, "HTTP 500: etcdserver: request timed out"))
        .build();

    assertThat(Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), NOW).findings())
        .extracting(f -> f.resource().kind()).containsExactlyInAnyOrderElementsOf(List.of("Pod", "Event"));
  }
}
