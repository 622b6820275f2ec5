package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.CART_ID;
import static io.meshdoctor.testing.MeshFixture.CAS_ISSUING;
import static io.meshdoctor.testing.MeshFixture.NOW;
import static io.meshdoctor.testing.MeshFixture.SIGNER;
import static io.meshdoctor.testing.MeshFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.TestPki.Cert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsrAnalyzerTest {
  private static final CsrAnalyzer ANALYZER = new CsrAnalyzer();
  private static final String PAYMENTS_ID = "spiffe://my-proj.svc.id.goog/ns/payments/sa/ledger";

  private static Instant ago(long minutes) {
    return NOW.minus(Duration.ofMinutes(minutes));
  }

  private static String request(String key, String id) {
    return TestPki.csrPem(TestPki.key(key), id);
  }

  private static String issued(String key, String id, Instant from, Instant to) {
    return TestPki.chainPem(TestPki.leaf(id, TestPki.key(key), CAS_ISSUING, from, to), CAS_ISSUING);
  }

  /** The healthy mesh plus one more CSR, for the payments namespace. */
  private static MeshFixture withCsr(String name, String requestPem, String chainPem, String conditions, Instant created) {
    return MeshFixture.healthy().put("csr/" + name, MeshFixture.csr(name, SIGNER, requestPem, chainPem, conditions, created));
  }

  private static List<Finding> findings(MeshFixture fixture) {
    return fixture.analyze(ANALYZER).findings();
  }

  @Test
  void issuedCurrentCertificateIsQuiet() {
    assertThat(findings(MeshFixture.healthy())).isEmpty();
  }

  @Test
  void pendingRequestBeyondStaleIsMcd201InItsSpiffeNamespace() {
    var fixture = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, null, ago(40));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD201);
      assertThat(f.namespace()).isEqualTo("payments");
      assertThat(f.message()).contains("csr-ledger-1").contains(PAYMENTS_ID).contains("since 2026-11-22T11:20:00Z");
      assertThat(f.remediation()).contains("kubectl get csr --field-selector='spec.signerName=spiffe.gke.io/spiffe-leaf-signer'");
    });
  }

  @Test
  void recentPendingRequestAndOtherSignersAreQuiet() {
    var recent = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, null, ago(5));
    assertThat(findings(recent)).isEmpty();

    var kubelet = MeshFixture.healthy().put("csr/kubelet", MeshFixture.csr("csr-kubelet", "kubernetes.io/kube-apiserver-client-kubelet",
        request("p256#ledger", PAYMENTS_ID), null, null, ago(120)));
    assertThat(findings(kubelet)).isEmpty();
  }

  @Test
  void configuredSignerNamesReplaceTheDefault() {
    var fixture = MeshFixture.healthy().put("csr/other", MeshFixture.csr("csr-other", "example.com/mesh-signer",
        request("p256#ledger", PAYMENTS_ID), null, null, ago(120)));
    AnalysisSettings settings = AnalysisSettings.defaults().withSignerNames(java.util.Set.of("example.com/mesh-signer"));

    assertThat(codes(fixture.analyze(settings, ANALYZER))).containsExactly(FindingCode.MCD201);
  }

  @Test
  void deniedIsMcd202QuotingReasonAndMessage() {
    String denied = """
        - type: Denied
          status: "True"
          reason: SpiffeIdMismatch
          message: requested identity does not match the pod's service account""";
    var fixture = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, denied, ago(3));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD202);
      assertThat(f.message()).contains("reason SpiffeIdMismatch").contains("does not match the pod's service account");
    });
  }

  @Test
  void failedIsMcd203() {
    String failed = MeshFixture.approvedCondition(ago(10)) + """

        - type: Failed
          status: "True"
          reason: SignerError
          message: "PERMISSION_DENIED: caller lacks privateca.certificates.create\"""";
    var fixture = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, failed, ago(10));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD203);
      assertThat(f.message()).contains("reason SignerError").contains("PERMISSION_DENIED");
    });
  }

  @Test
  void approvedWithoutCertificateIsMcd204OnlyAfterStale() {
    var stale = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, MeshFixture.approvedCondition(ago(30)), ago(31));
    assertThat(codes(stale.analyze(ANALYZER))).containsExactly(FindingCode.MCD204);

    var fresh = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, MeshFixture.approvedCondition(ago(2)), ago(31));
    assertThat(findings(fresh)).isEmpty();
  }

  @Test
  void conditionWithStatusFalseDoesNotCount() {
    String notDenied = """
        - type: Denied
          status: "False"
          reason: Reconsidered""";
    var fixture = withCsr("csr-ledger-1", request("p256#ledger", PAYMENTS_ID), null, notDenied, ago(40));

    assertThat(codes(fixture.analyze(ANALYZER))).containsExactly(FindingCode.MCD201);
  }

  @Test
  void expiredNewestCertificateIsMcd205() {
    var fixture = MeshFixture.healthy().remove("csr/csr-cart-1").put("csr/old", MeshFixture.csr("csr-cart-old", SIGNER, request("p256#cart", CART_ID),
        issued("p256#cart", CART_ID, NOW.minus(Duration.ofHours(30)), NOW.minus(Duration.ofHours(6))), MeshFixture.approvedCondition(ago(1800)), ago(1800)));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD205);
      assertThat(f.namespace()).isEqualTo("shop");
      assertThat(f.message()).contains(CART_ID).contains("expired at 2026-11-22T06:00:00Z");
    });
  }

  @Test
  void expiredCertificateReplacedByANewerOneIsQuiet() {
    var fixture = MeshFixture.healthy().put("csr/old", MeshFixture.csr("csr-cart-old", SIGNER, request("p256#cart", CART_ID),
        issued("p256#cart", CART_ID, NOW.minus(Duration.ofHours(30)), NOW.minus(Duration.ofHours(6))), MeshFixture.approvedCondition(ago(1800)), ago(1800)));

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void certificatePastRotationPointWithoutNewerRequestIsMcd206() {
    var fixture = MeshFixture.healthy().put("csr/csr-cart-1", MeshFixture.csr("csr-cart-1", SIGNER, request("p256#cart", CART_ID),
        issued("p256#cart", CART_ID, NOW.minus(Duration.ofHours(15)), NOW.plus(Duration.ofHours(9))), MeshFixture.approvedCondition(ago(900)), ago(900)));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD206);
      assertThat(f.message()).contains("passed its rotation point at 2026-11-22T09:00:00Z").contains("50%");
    });
  }

  @Test
  void rotationPointFollowsThePercentageOfLifetimeRemaining() {
    var fixture = MeshFixture.healthy().put("csr/csr-cart-1", MeshFixture.csr("csr-cart-1", SIGNER, request("p256#cart", CART_ID),
        issued("p256#cart", CART_ID, NOW.minus(Duration.ofHours(15)), NOW.plus(Duration.ofHours(9))), MeshFixture.approvedCondition(ago(900)), ago(900)));
    // 20% remaining: renewal is due 19.2h into a 24h certificate, not yet at 15h.
    fixture.put("wcc/default", MeshFixture.workloadCertificateConfig("default", MeshFixture.wccSpec("rotationWindowPercentage: 20"), MeshFixture.readyStatus(1)));

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void renewalRequestAfterTheRotationPointKeepsMcd206Quiet() {
    var fixture = MeshFixture.healthy()
        .put("csr/csr-cart-1", MeshFixture.csr("csr-cart-1", SIGNER, request("p256#cart", CART_ID),
            issued("p256#cart", CART_ID, NOW.minus(Duration.ofHours(15)), NOW.plus(Duration.ofHours(9))), MeshFixture.approvedCondition(ago(900)), ago(900)))
        .put("csr/csr-cart-2", MeshFixture.csr("csr-cart-2", SIGNER, request("p256#cart2", CART_ID), null, null, ago(2)));

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void requestedKeyOtherThanKeyAlgorithmIsMcd207() {
    var fixture = withCsr("csr-ledger-1", request("rsa2048", PAYMENTS_ID), null, null, ago(1));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD207);
      assertThat(f.message()).contains("the request's key is RSA 2048 but keyAlgorithm asks for ECDSA P256");
    });
  }

  @Test
  void issuingCaOfAnotherKeyFamilyIsMcd207() {
    Cert rsaIssuing = TestPki.intermediate("CN=rsa-issuing, O=my-proj", TestPki.key("rsa2048#issuing"), MeshFixture.CAS_ROOT,
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
    Cert leaf = TestPki.leaf(CART_ID, TestPki.key("p256#cart"), rsaIssuing, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));
    var fixture = MeshFixture.healthy().put("csr/csr-cart-1", MeshFixture.csr("csr-cart-1", SIGNER, request("p256#cart", CART_ID),
        TestPki.chainPem(leaf, rsaIssuing), MeshFixture.approvedCondition(ago(60)), ago(60)));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD207);
      assertThat(f.message()).contains("issuing CA CN=rsa-issuing has a RSA 2048 key but the leaf has ECDSA P256");
    });
  }

  @Test
  void spiffeIdProblemsAreMcd208() {
    var twoUris = withCsr("csr-a", TestPki.csrPem(TestPki.key("p256#ledger"), List.of(PAYMENTS_ID, "spiffe://my-proj.svc.id.goog/ns/payments/sa/admin")), null, null, ago(1));
    assertThat(findings(twoUris)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD208);
      assertThat(f.message()).contains("has 2 URI SANs");
    });

    var none = withCsr("csr-a", TestPki.csrPem(TestPki.key("p256#ledger"), List.of()), null, null, ago(1));
    assertThat(findings(none)).singleElement().satisfies(f -> assertThat(f.message()).contains("has no URI SAN"));

    var notWorkload = withCsr("csr-a", request("p256#ledger", "spiffe://my-proj.svc.id.goog/workload/ledger"), null, null, ago(1));
    assertThat(findings(notWorkload)).singleElement().satisfies(f -> assertThat(f.message()).contains("is not of the form"));

    var upper = withCsr("csr-a", request("p256#ledger", "spiffe://My-Proj.svc.id.goog/ns/payments/sa/ledger"), null, null, ago(1));
    assertThat(findings(upper)).singleElement().satisfies(f -> assertThat(f.message()).contains("character 'M' in its trust domain"));
  }

  @Test
  void foreignTrustDomainIsMcd208WhenTheClusterTrustDomainIsKnown() {
    var fixture = withCsr("csr-a", request("p256#ledger", "spiffe://partner.example.org/ns/payments/sa/ledger"), null, null, ago(1));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD208);
      assertThat(f.message()).contains("trust domain partner.example.org, not the cluster's my-proj.svc.id.goog (inferred)");
    });

    AnalysisSettings flag = AnalysisSettings.defaults().withTrustDomain("partner.example.org", TrustDomain.Source.FLAG);
    assertThat(fixture.analyze(flag, ANALYZER).findings()).extracting(Finding::message)
        .singleElement().asString().contains("csr-cart-1").contains("not the cluster's partner.example.org (flag)");
  }

  @Test
  void unparseableRequestAndCertificateAreMcd209() {
    var garbageRequest = MeshFixture.healthy().put("csr/x", MeshFixture.csr("csr-x", SIGNER, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", null, null, ago(1)));
    assertThat(findings(garbageRequest)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD209);
      assertThat(f.message()).contains("spec.request cannot be parsed");
      assertThat(f.namespace()).isNull();
    });

    String notBase64 = MeshFixture.csr("csr-y", SIGNER, request("p256#ledger", PAYMENTS_ID), null, null, ago(1))
        .replaceFirst("request: \\S+", "request: '%%%not base64%%%'");
    assertThat(findings(MeshFixture.healthy().put("csr/y", notBase64))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("spec.request not valid base64"));

    var garbageCertificate = withCsr("csr-z", request("p256#ledger", PAYMENTS_ID), "this is not a certificate", MeshFixture.approvedCondition(ago(1)), ago(1));
    assertThat(findings(garbageCertificate)).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD209);
      assertThat(f.message()).contains("status.certificate cannot be parsed").contains("no PEM block found");
      assertThat(f.namespace()).isEqualTo("payments");
    });
  }

  @Test
  void chainFromAnUntrustedCaIsMcd210() {
    Cert otherRoot = TestPki.root("CN=rogue-root", TestPki.key("p256#rogue"), Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"));
    Cert leaf = TestPki.leaf(CART_ID, TestPki.key("p256#cart"), otherRoot, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));
    var fixture = MeshFixture.healthy().put("csr/csr-cart-1", MeshFixture.csr("csr-cart-1", SIGNER, request("p256#cart", CART_ID),
        TestPki.chainPem(leaf), MeshFixture.approvedCondition(ago(60)), ago(60)));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD210);
    assertThat(result.findings().get(0).message()).contains("does not verify to any of the 1 PEM anchor(s)");
  }

  @Test
  void chainIsNotJudgedWithoutPemAnchors() {
    Cert otherRoot = TestPki.root("CN=rogue-root", TestPki.key("p256#rogue"), Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"));
    Cert leaf = TestPki.leaf(CART_ID, TestPki.key("p256#cart"), otherRoot, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));
    var fixture = MeshFixture.healthy()
        .put("csr/csr-cart-1", MeshFixture.csr("csr-cart-1", SIGNER, request("p256#cart", CART_ID), TestPki.chainPem(leaf), MeshFixture.approvedCondition(ago(60)), ago(60)))
        .put("tc/default", MeshFixture.trustConfig("default", "trustStores:\n- trustDomain: my-proj.svc.id.goog\n  trustAnchors:\n  - certificateAuthorityServiceURI: "
            + MeshFixture.ROOT_POOL_URI, MeshFixture.readyStatus(1)));

    assertThat(findings(fixture)).isEmpty();
  }
}
