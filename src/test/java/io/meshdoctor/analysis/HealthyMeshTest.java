package io.meshdoctor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.testing.MeshFixture;
import org.junit.jupiter.api.Test;

class HealthyMeshTest {
  @Test
  void healthyMeshHasNoFindings() {
    var fixture = MeshFixture.healthy();
    var snapshot = fixture.snapshot();
    assertThat(snapshot.problems()).isEmpty();
    assertThat(snapshot.pods()).hasSize(1);
    assertThat(snapshot.certificateSigningRequests()).hasSize(1);
    assertThat(snapshot.mutatingWebhookConfigurations()).hasSize(1);
    assertThat(snapshot.mutatingWebhookConfigurations().get(0).getWebhooks()).hasSize(2);
    assertThat(snapshot.rootCertConfigMaps()).hasSize(2);
    assertThat(snapshot.workloadCertificateConfigs()).hasSize(1);
    assertThat(snapshot.trustConfigs()).hasSize(1);
    assertThat(snapshot.servedCrds()).isPresent();

    AnalysisResult result = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), MeshFixture.NOW);

    assertThat(result.findings()).isEmpty();
    assertThat(result.trustDomain()).isEqualTo(new TrustDomain(MeshFixture.TRUST_DOMAIN, TrustDomain.Source.INFERRED));
  }
}
