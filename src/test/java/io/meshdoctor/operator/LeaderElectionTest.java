package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshdoctor.testing.MeshFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  private static LeaderElection election(String identity) {
    return OperatorHarness.election(identity, false);
  }

  @Test
  void onlyTheLeaderDiagnosesAndTheStandbyTakesOver() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(MeshFixture.healthy().remove("csr/csr-cart-1").yaml());
      OperatorSettings settings = OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN);
      PrometheusMeterRegistry first = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      PrometheusMeterRegistry second = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

      MeshDoctorOperator leader = harness.start(settings, Optional.of(election("replica-a")), first);
      harness.awaitDiagnosis("shop", d -> true);
      MeshDoctorOperator standby = harness.start(settings, Optional.of(election("replica-b")), second);
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

      assertThat(analyses(first)).isPositive();
      assertThat(analyses(second)).isZero();
      assertThat(harness.client.leases().inNamespace("default").withName("mesh-cert-doctor").get().getSpec().getHolderIdentity())
          .isEqualTo("replica-a");

      leader.close();
      harness.client.resources(io.meshdoctor.operator.api.MeshSecurityDiagnosis.class).inNamespace("shop").withName("default").delete();

      await().atMost(Duration.ofSeconds(30)).until(() -> analyses(second) > 0);
      harness.awaitDiagnosis("shop", d -> true);
      assertThat(harness.client.leases().inNamespace("default").withName("mesh-cert-doctor").get().getSpec().getHolderIdentity())
          .isEqualTo("replica-b");
      assertThat(standby.isStarted()).isTrue();
    }
  }

  private static double analyses(PrometheusMeterRegistry registry) {
    return OperatorHarness.counter(registry, "meshdoctor.analyses");
  }

  @Test
  void closingALeaderThatExitsOnLostLeadershipStopsWithoutExiting() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(MeshFixture.healthy().remove("csr/csr-cart-1").yaml());
      LeaderElection exiting = OperatorHarness.election("replica-c", true);
      MeshDoctorOperator operator = harness.start(OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN), Optional.of(exiting),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      harness.awaitDiagnosis("shop", d -> true);

      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), operator::close);

      // Still here: giving up the lease on close does not end the process.
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      assertThat(operator.isStarted()).isFalse();
    }
  }
}
