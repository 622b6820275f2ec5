package io.meshdoctor.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.input.LiveSnapshotLoader;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.testing.ApiServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A whole operator against the mock API server: the MeshSecurityDiagnosis CRD installed, objects
 * created from YAML, and helpers to wait for diagnoses.
 */
final class OperatorHarness implements AutoCloseable {
  final ApiServer server = new ApiServer();
  final KubernetesClient client = server.client();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<MeshDoctorOperator> operators = new ArrayList<>();

  OperatorHarness() throws Exception {
    try (FileInputStream crd = new FileInputStream("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml")) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
  }

  /** Creates every document of the YAML (GKE kinds as generic resources). */
  void create(String yaml) {
    for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      if (object instanceof GenericKubernetesResource generic && generic.getApiVersion().startsWith("security.cloud.google.com")) {
        client.genericKubernetesResources(LiveSnapshotLoader.definition(gkeKind(generic))).resource(generic).create();
      } else {
        client.resource(object).create();
      }
    }
  }

  void delete(String yaml) {
    for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      if (object instanceof GenericKubernetesResource generic && generic.getApiVersion().startsWith("security.cloud.google.com")) {
        client.genericKubernetesResources(LiveSnapshotLoader.definition(gkeKind(generic))).withName(generic.getMetadata().getName()).delete();
      } else {
        client.resource(object).delete();
      }
    }
  }

  private static InputKind gkeKind(GenericKubernetesResource generic) {
    return generic.getKind().equals("TrustConfig") ? InputKind.TRUST_CONFIG : InputKind.WORKLOAD_CERTIFICATE_CONFIG;
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
