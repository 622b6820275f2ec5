package io.meshdoctor.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.meshdoctor.repair.CaBundleRepairer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator: probes access, registers the diagnosis reconciler with JOSDK and runs it. Status
 * goes through plain updates (no server-side apply), which every API server and the test server
 * support.
 */
public final class MeshDoctorOperator implements AutoCloseable {
  public static final String CONTROLLER = "mesh-security-diagnosis";
  private static final Logger LOG = LoggerFactory.getLogger(MeshDoctorOperator.class);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Optional<LeaderElection> leaderElection;
  private final MeterRegistry registry;
  private final Clock clock;
  private final String version;
  private Operator operator;
  private volatile boolean closing;

  public MeshDoctorOperator(
      KubernetesClient client, OperatorSettings settings, Optional<LeaderElection> leaderElection, MeterRegistry registry, Clock clock, String version) {
    this.client = client;
    this.settings = settings;
    this.leaderElection = leaderElection;
    this.registry = registry;
    this.clock = clock;
    this.version = version;
  }

  public synchronized void start() {
    AccessProbe.Result access = AccessProbe.probe(client);
    String identity = leaderElection.map(LeaderElection::identity).orElse(DiagnosisWriter.OPERATOR);
    OperatorMetrics metrics = new OperatorMetrics(registry, version);
    CaBundleRepairer repairer = new CaBundleRepairer(client, settings.repairMode(), settings.repairsPerHour(), identity, registry);
    DiagnosisReconciler reconciler = new DiagnosisReconciler(settings, access, new DiagnosisWriter(client, identity), metrics, repairer, clock);
    operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      leaderElection.ifPresent(election -> overrider.withLeaderElectionConfiguration(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
              .withLeaseNamespace(election.leaseNamespace())
              .withIdentity(election.identity())
              .withLeaseDuration(election.leaseDuration())
              .withRenewDeadline(election.renewDeadline())
              .withRetryPeriod(election.retryPeriod())
              // JOSDK would call System.exit from inside our shutdown hook when close() gives up the
              // lease, which deadlocks the JVM; leaving is decided here instead.
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(new LeaderCallbacks(() -> {}, () -> lostLeadership(election), leader -> {}))
              .build()));
    });
    // Namespaces have no spec generation worth trusting: label changes must reconcile too. Each
    // namespace is analysed again after reanalyseEvery without a change, for findings time alone brings.
    operator.register(reconciler, config -> config.withName(CONTROLLER).withGenerationAware(false)
        .withReconciliationMaxInterval(settings.reanalyseEvery()));
    operator.start();
  }

  /** A deposed leader must not go on reconciling next to the new one: the process ends and restarts. */
  private void lostLeadership(LeaderElection election) {
    if (election.exitOnStopLeading() && !closing) {
      LOG.error("lost the lease {}; exiting so that a restart rejoins the election", election.leaseName());
      new Thread(() -> System.exit(1), "exit").start();
    }
  }

  /** Started and, when leading, with caches synced. */
  public synchronized boolean isStarted() {
    return operator != null && operator.getRuntimeInfo().isStarted();
  }

  @Override
  public synchronized void close() {
    closing = true;
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }
}
