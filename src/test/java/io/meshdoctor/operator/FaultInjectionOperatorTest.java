package io.meshdoctor.operator;

import static io.meshdoctor.operator.OperatorHarness.hasCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshdoctor.operator.api.DiagnosisFinding;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.testing.MeshFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The running operator against an API server that fails the way real ones do: errors on lists and
 * watches, watches expired with 410 Gone, slow answers, connections reset in the middle of a list,
 * a restart. In each case a FailedMount that happened before, during and after the fault must end
 * up in the diagnosis: the operator recovers by itself and loses nothing.
 */
class FaultInjectionOperatorTest {
  private static final String CA_PEM_NIL =
      "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = caPEM is nil";
  private static final OperatorSettings SETTINGS = OperatorSettings.defaults().withTrustDomain(MeshFixture.TRUST_DOMAIN);

  private OperatorHarness harness;

  @BeforeEach
  void startOperatorWithOneFailingPod() throws Exception {
    harness = new OperatorHarness();
    MeshFixture mesh = MeshFixture.healthy().remove("csr/csr-cart-1");
    for (String pod : List.of("cart-1", "cart-2", "cart-3")) {
      mesh.put("pod/shop/" + pod, MeshFixture.workloadPod("shop", pod, "cart", "Pending"));
    }
    harness.create(mesh.yaml());
    harness.create(harness.failedMountOf("shop", "cart-1", CA_PEM_NIL));
    harness.start(SETTINGS);
    harness.awaitDiagnosis("shop", d -> failingPods(d).equals(List.of("cart-1")));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.server.openWatches() > 0);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** Names of the pods the diagnosis reports MCD301 for, in order. */
  private static List<String> failingPods(MeshSecurityDiagnosis diagnosis) {
    return diagnosis.getStatus().getFindings().stream()
        .filter(f -> f.getCode().equals("MCD301"))
        .map(DiagnosisFinding::getResource)
        .map(r -> r.getName())
        .sorted()
        .toList();
  }

  /** The diagnosis ends with exactly the three failing pods, and nothing else. */
  private void awaitAllThreeFailingPods() {
    MeshSecurityDiagnosis diagnosis = harness.awaitDiagnosis("shop", d -> failingPods(d).equals(List.of("cart-1", "cart-2", "cart-3")));
    assertThat(diagnosis.getStatus().getFindings()).extracting(DiagnosisFinding::getCode).containsOnly("MCD301");
    assertThat(diagnosis.getStatus().getSummary().getErrors()).isEqualTo(3);
  }

  private long eventLists() {
    return harness.server.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/api/v1/events") && !r.path().contains("watch=true"))
        .count();
  }

  @Test
  void serverErrorsOnListsAndWatchesAreRetriedUntilTheyPass() {
    long listsBefore = eventLists();
    harness.server.failLists("/api/v1/events", 2, 500).failWatches("/api/v1/events", 2, 503);

    // A watch that ends makes the informer list again: into the errors.
    assertThat(harness.server.expireOpenWatches()).isPositive();
    harness.create(harness.failedMountOf("shop", "cart-2", CA_PEM_NIL));
    await().atMost(Duration.ofSeconds(30)).until(() -> eventLists() >= listsBefore + 3);
    harness.create(harness.failedMountOf("shop", "cart-3", CA_PEM_NIL));

    awaitAllThreeFailingPods();
    assertThat(harness.server.requests()).filteredOn(r -> r.path().startsWith("/api/v1/events") && r.path().contains("watch=true"))
        .hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void watchExpiredWith410GoneIsListedAgainAndMissesNothing() {
    long listsBefore = eventLists();

    int expired = harness.server.expireOpenWatches();
    harness.create(harness.failedMountOf("shop", "cart-2", CA_PEM_NIL));

    assertThat(expired).isGreaterThanOrEqualTo(8);
    await().atMost(Duration.ofSeconds(30)).until(() -> eventLists() > listsBefore);
    harness.create(harness.failedMountOf("shop", "cart-3", CA_PEM_NIL));
    awaitAllThreeFailingPods();
  }

  @Test
  void slowApiServerDelaysTheDiagnosisButDoesNotBreakIt() {
    long writesBefore = harness.server.writesTo("meshsecuritydiagnoses");
    harness.server.slow(Duration.ofMillis(1500));

    harness.create(harness.failedMountOf("shop", "cart-2", CA_PEM_NIL));
    harness.create(harness.failedMountOf("shop", "cart-3", CA_PEM_NIL));

    awaitAllThreeFailingPods();
    harness.server.slow(Duration.ZERO);
    assertThat(harness.server.writesTo("meshsecuritydiagnoses")).isGreaterThan(writesBefore);
  }

  @Test
  void connectionsResetInTheMiddleOfListsAndWatches() throws Exception {
    long listsBefore = eventLists();
    harness.server.slow(Duration.ofSeconds(2));
    harness.server.expireOpenWatches();
    // The informers now list again, and each list waits for its answer: drop the connections under them.
    await().atMost(Duration.ofSeconds(10)).until(() -> eventLists() > listsBefore);
    harness.server.restart().slow(Duration.ZERO);

    harness.create(harness.failedMountOf("shop", "cart-2", CA_PEM_NIL));
    harness.create(harness.failedMountOf("shop", "cart-3", CA_PEM_NIL));

    awaitAllThreeFailingPods();
  }

  @Test
  void apiServerRestartDropsEveryWatchAndTheOperatorCarriesOn() throws Exception {
    harness.server.restart();
    harness.create(harness.failedMountOf("shop", "cart-2", CA_PEM_NIL));
    harness.create(harness.failedMountOf("shop", "cart-3", CA_PEM_NIL));

    awaitAllThreeFailingPods();
    // The operator watches again on the new server, so later changes arrive too.
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.server.openWatches() >= 8);
    harness.client.v1().events().inNamespace("shop").delete();
    harness.awaitDiagnosis("shop", d -> "Healthy".equals(d.getStatus().getHealth()) && !hasCode(d, "MCD301"));
  }
}
