package io.meshdoctor.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.repair.CaBundleRepairer;
import io.meshdoctor.repair.RepairMode;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.testing.ApiServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A whole operator against the mock API server: the MeshSecurityDiagnosis CRD installed, objects
 * created from YAML, and helpers to wait for diagnoses.
 */
final class OperatorHarness implements AutoCloseable {
  final ApiServer server;
  final KubernetesClient client;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<MeshDoctorOperator> operators = new ArrayList<>();

  OperatorHarness() throws Exception {
    server = new ApiServer().withDiagnosisCrd();
    client = server.client();
  }

  /** Creates every document of the YAML. */
  void create(String yaml) {
    objects(yaml).forEach(object -> ApiServer.resource(client, object).create());
  }

  void delete(String yaml) {
    objects(yaml).forEach(object -> ApiServer.resource(client, object).delete());
  }

  private List<HasMetadata> objects(String yaml) {
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  /** A quick election for tests: a 3 s lease renewed every 500 ms. */
  static LeaderElection election(String identity, boolean exitOnStopLeading) {
    return new LeaderElection("mesh-cert-doctor", "default", identity, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500),
        exitOnStopLeading);
  }

  /** The reconciler with every input readable and repair off, over the given client. */
  static DiagnosisReconciler reconciler(KubernetesClient client, OperatorSettings settings, PrometheusMeterRegistry registry, Clock clock) {
    return new DiagnosisReconciler(
        settings,
        new AccessProbe.Result(EnumSet.allOf(InputKind.class), List.of()),
        new DiagnosisWriter(client, "test"),
        new OperatorMetrics(registry, "test"),
        new CaBundleRepairer(client, RepairMode.OFF, 3, "test", registry),
        clock);
  }

  /** A kubelet FailedMount event on an existing pod, carrying the pod's real uid. */
  String failedMountOf(String namespace, String pod, String message) {
    String uid = client.pods().inNamespace(namespace).withName(pod).get().getMetadata().getUid();
    return io.meshdoctor.testing.MeshFixture.failedMount(namespace, pod, message, 4, java.time.Instant.now())
        .replace("uid: uid-" + pod, "uid: " + uid);
  }

  MeshDoctorOperator start(OperatorSettings settings) {
    return start(settings, Optional.empty(), registry, Clock.systemUTC());
  }

  MeshDoctorOperator start(OperatorSettings settings, Optional<LeaderElection> election, PrometheusMeterRegistry metrics) {
    return start(settings, election, metrics, Clock.systemUTC());
  }

  MeshDoctorOperator start(OperatorSettings settings, Optional<LeaderElection> election, PrometheusMeterRegistry metrics, Clock clock) {
    MeshDoctorOperator operator = new MeshDoctorOperator(server.client(), settings, election, metrics, clock, "test");
    operators.add(operator);
    operator.start();
    return operator;
  }

  Optional<MeshSecurityDiagnosis> diagnosis(String namespace) {
    return Optional.ofNullable(client.resources(MeshSecurityDiagnosis.class).inNamespace(namespace).withName(MeshSecurityDiagnosis.DEFAULT_NAME).get());
  }

  /** Waits until the namespace's default diagnosis satisfies the condition, and returns it. */
  MeshSecurityDiagnosis awaitDiagnosis(String namespace, Predicate<MeshSecurityDiagnosis> condition) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> diagnosis(namespace).orElse(null), d -> d != null && d.getStatus() != null && condition.test(d));
  }

  static boolean hasCode(MeshSecurityDiagnosis diagnosis, String code) {
    return diagnosis.getStatus().getFindings().stream().anyMatch(f -> f.getCode().equals(code));
  }

  double counter(String name) {
    return counter(registry, name);
  }

  static double counter(PrometheusMeterRegistry registry, String name) {
    var meter = registry.find(name).counter();
    return meter == null ? 0 : meter.count();
  }

  @Override
  public void close() {
    operators.forEach(MeshDoctorOperator::close);
    client.close();
    server.close();
  }
}
