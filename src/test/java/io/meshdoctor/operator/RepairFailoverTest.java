package io.meshdoctor.operator;

import static io.meshdoctor.operator.OperatorHarness.hasCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshdoctor.repair.RepairMode;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.Upstream;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Leadership moving to the standby while the leader's caBundle repair is still in flight. */
class RepairFailoverTest {
  private static final String WEBHOOKS = "mutatingwebhookconfigurations";

  private static LeaderElection election(String identity) {
    return OperatorHarness.election(identity, false);
  }

  private static double analyses(PrometheusMeterRegistry registry) {
    return OperatorHarness.counter(registry, "meshdoctor.analyses");
  }

  @Test
  void theNewLeaderFindsTheRepairDoneAndDoesNotRepeatIt() throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.create(MeshFixture.healthy().remove("csr/csr-cart-1")
          .put("mwc/istio-sidecar-injector", Upstream.read("istio/webhooks/istio-sidecar-injector.default.yaml"))
          .yaml());
      // The patch takes effect at once, but the leader hears back only long after its lease ran out.
      harness.server.slow("PATCH", WEBHOOKS, Duration.ofSeconds(8));
      OperatorSettings settings = OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN).withRepair(RepairMode.ENABLED, 3);
      PrometheusMeterRegistry standbyMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

      MeshDoctorOperator leader = harness.start(settings, Optional.of(election("replica-a")), harness.registry);
      harness.start(settings, Optional.of(election("replica-b")), standbyMetrics);
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.server.requests("PATCH", WEBHOOKS) == 1);
      CompletableFuture<Void> leaderGone = CompletableFuture.runAsync(leader::close);

      await().atMost(Duration.ofSeconds(30)).until(() -> "replica-b".equals(
          harness.client.leases().inNamespace("default").withName("mesh-cert-doctor").get().getSpec().getHolderIdentity()));
      // The new leader analyses the cluster as it is: repaired.
      await().atMost(Duration.ofSeconds(30)).until(() -> analyses(standbyMetrics) > 0);
      harness.awaitDiagnosis("shop", d -> !hasCode(d, "MCD401") && "Healthy".equals(d.getStatus().getHealth()));
      leaderGone.get();

      assertThat(harness.server.requests("PATCH", WEBHOOKS)).isEqualTo(1);
      assertThat(harness.client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("istio-sidecar-injector").get()
          .getWebhooks()).allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo(TestPki.base64(MeshFixture.MESH_ROOT.pem())));
      assertThat(harness.client.v1().events().inNamespace("default").list().getItems())
          .filteredOn(e -> e.getReason().startsWith("CaBundleRepair")).hasSizeLessThanOrEqualTo(1);
      assertThat(standbyMetrics.find("meshdoctor.repairs").tag("result", "attempted").counter()).isNull();
    }
  }
}
