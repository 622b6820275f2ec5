package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.codes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.Upstream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MeshRootAnalyzerTest {
  private static final MeshRootAnalyzer ANALYZER = new MeshRootAnalyzer();

  private static MeshFixture withRoot(String pem) {
    return MeshFixture.healthy()
        .put("root/istio-system", MeshFixture.rootCert("istio-system", pem))
        .put("root/shop", MeshFixture.rootCert("shop", pem));
  }

  @Test
  void istiodRootNamedAfterTheTrustDomainIsQuiet() {
    assertThat(MeshFixture.healthy().analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void expiredRootIsOneMcd411OnIstiodsCopy() {
    var expired = TestPki.root("O=cluster.local, CN=istiod root", TestPki.key("rsa2048#meshroot"),
        Instant.parse("2016-11-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));

    AnalysisResult result = withRoot(expired.pem()).analyze(ANALYZER);

    assertThat(result.findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD411);
      assertThat(f.namespace()).isEqualTo("istio-system");
      assertThat(f.message()).contains("expired at 2026-11-01T00:00:00Z");
      assertThat(f.affectedNamespaces()).containsExactly("istio-system", "shop");
    });
  }

  @Test
  void rootNotYetValidIsMcd411() {
    var future = TestPki.root("O=cluster.local, CN=istiod root", TestPki.key("rsa2048#meshroot"),
        Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2037-01-01T00:00:00Z"));

    assertThat(codes(withRoot(future.pem()).analyze(ANALYZER))).containsExactly(FindingCode.MCD411);
  }

  @Test
  void rootExpiringWithinThirtyDaysIsMcd412() {
    var soon = TestPki.root("O=cluster.local, CN=istiod root", TestPki.key("rsa2048#meshroot"),
        Instant.parse("2016-12-10T00:00:00Z"), Instant.parse("2026-12-10T00:00:00Z"));

    assertThat(withRoot(soon.pem()).analyze(ANALYZER).findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD412);
      assertThat(f.message()).contains("valid until 2026-12-10T00:00:00Z, within the 30d warning period");
    });
  }

  @Test
  void newRootBesideAnExpiringOneIsQuiet() {
    var soon = TestPki.root("O=cluster.local, CN=old root", TestPki.key("rsa2048#old"),
        Instant.parse("2016-12-10T00:00:00Z"), Instant.parse("2026-12-10T00:00:00Z"));

    assertThat(withRoot(soon.pem() + MeshFixture.MESH_ROOT.pem()).analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void pluginCaRootIsMcd413() {
    String sample = Upstream.read("istio/samples-certs/root-cert.pem");

    assertThat(withRoot(sample).analyze(ANALYZER).findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD413);
      assertThat(f.message()).contains("O=Istio").contains("istio_v1_cloud_workload_root-signer");
    });
  }

  @Test
  void meshCaRootIsRecognised() {
    var meshCa = TestPki.root("C=US, O=Google LLC, CN=istio_v1_cloud_workload_root-signer-0-2018-04-25T14\\:11\\:33\\+00\\:00",
        TestPki.key("rsa2048#meshca"), Instant.parse("2018-04-25T00:00:00Z"), Instant.parse("2028-04-22T00:00:00Z"));

    assertThat(withRoot(meshCa.pem()).analyze(ANALYZER).findings()).isEmpty();
  }

  @Test
  void copiesThatDifferAreCheckedSeparately() {
    var expired = TestPki.root("O=cluster.local, CN=stale copy", TestPki.key("rsa2048#stale"),
        Instant.parse("2016-11-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
    var fixture = MeshFixture.healthy().put("root/shop", MeshFixture.rootCert("shop", expired.pem()));

    assertThat(fixture.analyze(ANALYZER).findings()).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD411);
      assertThat(f.namespace()).isEqualTo("shop");
      assertThat(f.affectedNamespaces()).containsExactly("shop");
    });
  }
}
