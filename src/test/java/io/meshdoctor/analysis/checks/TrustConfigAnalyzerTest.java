package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.TRUST_DOMAIN;
import static io.meshdoctor.testing.MeshFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.Yaml;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrustConfigAnalyzerTest {
  private static final TrustConfigAnalyzer ANALYZER = new TrustConfigAnalyzer();

  private static String trustConfig(String stores, String status) {
    return MeshFixture.trustConfig("default", "trustStores:\n" + stores, status);
  }

  private static String poolAnchor(String domain) {
    return "- trustDomain: " + domain + "\n  trustAnchors:\n  - certificateAuthorityServiceURI: " + MeshFixture.ROOT_POOL_URI;
  }

  private static String pemAnchor(String domain, String pem) {
    return "- trustDomain: " + domain + "\n  trustAnchors:\n  - pemCertificate: " + Yaml.block(pem, 6);
  }

  private static final String RENDERED = MeshFixture.renderedStatus(TRUST_DOMAIN, MeshFixture.CAS_ROOT.pem());

  @Test
  void healthyTrustConfigIsQuiet() {
    assertThat(MeshFixture.healthy().analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void missingDefaultIsMcd111() {
    AnalysisResult result = MeshFixture.healthy().remove("tc/default").analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD111);
    assertThat(result.findings().get(0).remediation()).contains("roles/privateca.auditor");
  }

  @Test
  void noMcd111WithoutMeshCertificates() {
    var fixture = MeshFixture.empty().put("ns", MeshFixture.namespace("web", "istio-injection: enabled"));

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void readyFalseIsMcd112() {
    var fixture = MeshFixture.healthy().put("tc/default",
        trustConfig(poolAnchor(TRUST_DOMAIN), MeshFixture.condition("False", "TrustAnchorsInvalid", "could not fetch root pool", 1)));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).contains(FindingCode.MCD112);
    assertThat(result.findings()).filteredOn(f -> f.code() == FindingCode.MCD112).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("reason=TrustAnchorsInvalid").contains("could not fetch root pool"));
  }

  @Test
  void clusterTrustDomainWithoutTrustStoreIsMcd113() {
    var fixture = MeshFixture.healthy().put("tc/default",
        trustConfig(poolAnchor("other-proj.svc.id.goog"), MeshFixture.renderedStatus("other-proj.svc.id.goog", MeshFixture.CAS_ROOT.pem())));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD113);
    assertThat(result.findings().get(0).message()).contains(TRUST_DOMAIN + " (inferred)").contains("configured: other-proj.svc.id.goog");
  }

  @Test
  void trustDomainFromTheFlagIsComparedCaseInsensitively() {
    AnalysisSettings settings = AnalysisSettings.defaults().withTrustDomain("MY-PROJ.svc.id.goog", TrustDomain.Source.FLAG);

    assertThat(MeshFixture.healthy().analyze(settings, ANALYZER).findings()).isEmpty();

    AnalysisSettings other = AnalysisSettings.defaults().withTrustDomain("prod.svc.id.goog", TrustDomain.Source.FLAG);
    assertThat(codes(MeshFixture.healthy().analyze(other, ANALYZER))).containsExactly(FindingCode.MCD113);
  }

  @Test
  void unknownTrustDomainSkipsMcd113() {
    var fixture = MeshFixture.healthy().remove("csr/csr-cart-1")
        .put("tc/default", trustConfig(poolAnchor("other-proj.svc.id.goog"), MeshFixture.renderedStatus("other-proj.svc.id.goog", MeshFixture.CAS_ROOT.pem())));

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void duplicateTrustDomainIsMcd114() {
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(poolAnchor(TRUST_DOMAIN) + "\n" + poolAnchor(TRUST_DOMAIN), RENDERED));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD114);
    assertThat(result.findings().get(0).message()).contains("spec.trustStores[1] repeats trustDomain");
  }

  @Test
  void validPemAnchorIsQuiet() {
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(pemAnchor(TRUST_DOMAIN, MeshFixture.CAS_ROOT.pem()), RENDERED));

    assertThat(fixture.analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void pemAnchorWithTwoCertificatesIsMcd114() {
    String two = MeshFixture.CAS_ROOT.pem() + MeshFixture.MESH_ROOT.pem();
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(pemAnchor(TRUST_DOMAIN, two), RENDERED));

    assertThat(fixture.analyze(ANALYZER).findings()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("pemCertificate holds 2 certificates"));
  }

  @Test
  void unparseablePemAnchorIsMcd114() {
    String broken = "-----BEGIN CERTIFICATE-----\nMIIBnot-a-certificate\n-----END CERTIFICATE-----\n";
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(pemAnchor(TRUST_DOMAIN, broken), RENDERED));

    assertThat(fixture.analyze(ANALYZER).findings()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("pemCertificate does not parse"));
  }

  @Test
  void expiredPemAnchorIsMcd114() {
    var expired = TestPki.root("CN=old-root", TestPki.key("p256#oldroot"), Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"));
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(pemAnchor(TRUST_DOMAIN, expired.pem()), RENDERED));

    assertThat(fixture.analyze(ANALYZER).findings()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("CN=old-root expired at 2025-01-01T00:00:00Z"));
  }

  @Test
  void expiredRenderedAnchorIsMcd114() {
    var expired = TestPki.root("CN=old-root", TestPki.key("p256#oldroot"), Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"));
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(poolAnchor(TRUST_DOMAIN), MeshFixture.renderedStatus(TRUST_DOMAIN, expired.pem())));

    assertThat(fixture.analyze(ANALYZER).findings()).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("rendered anchor CN=old-root"));
  }

  @Test
  void malformedAnchorEntriesAreMcd114() {
    String stores = """
        - trustDomain: %s
          trustAnchors:
          - certificateAuthorityServiceURI: https://privateca.googleapis.com/projects/p/locations/l/caPools/root
          - spiffeTrustBundleEndpoint: http://bundle.example.com/bundle
          - certificateAuthorityServiceURI: %s
            spiffeTrustBundleEndpoint: https://bundle.example.com/bundle""".formatted(TRUST_DOMAIN, MeshFixture.ROOT_POOL_URI);
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(stores, RENDERED));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD114, FindingCode.MCD114, FindingCode.MCD114);
    assertThat(result.findings()).extracting(f -> f.message())
        .anySatisfy(m -> assertThat(m).contains("trustAnchors[0].certificateAuthorityServiceURI").contains("starts with a scheme"))
        .anySatisfy(m -> assertThat(m).contains("trustAnchors[1].spiffeTrustBundleEndpoint").contains("not an https URL"))
        .anySatisfy(m -> assertThat(m).contains("trustAnchors[2] sets 2 of"));
  }

  @Test
  void anchorsNeverRenderedAreMcd115() {
    var fixture = MeshFixture.healthy().put("tc/default", trustConfig(poolAnchor(TRUST_DOMAIN), MeshFixture.readyStatus(1)));

    AnalysisResult result = fixture.analyze(ANALYZER);

    assertThat(codes(result)).containsExactly(FindingCode.MCD115);
    assertThat(result.findings().get(0).message()).contains("anchor(s) for " + TRUST_DOMAIN).contains("renderedTrustStores holds no certificate");
  }

  @Test
  void freshTrustConfigIsGivenTimeToRender() {
    String fresh = trustConfig(poolAnchor(TRUST_DOMAIN), MeshFixture.readyStatus(1)).replace("2026-11-01T09:59:00Z", "2026-11-22T11:55:00Z");

    assertThat(MeshFixture.healthy().put("tc/default", fresh).analyze(ANALYZER).findings()).isEmpty();
  }
}
