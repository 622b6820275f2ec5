package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.operator.api.MeshSecurityDiagnosisSpec;
import io.meshdoctor.operator.api.MeshSecurityDiagnosisStatus;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write the operator makes: creating and deleting its own diagnoses, status updates (with the
 * resourceVersion as precondition, so a concurrent change fails and is retried rather than
 * overwritten) and HealthChanged Events.
 */
final class DiagnosisWriter {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String OPERATOR = "mesh-cert-doctor";
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosisWriter.class);

  private record Written(String resourceVersion, MeshSecurityDiagnosisStatus status) {}

  private final KubernetesClient client;
  private final String identity;
  private final Map<String, Written> lastWritten = new ConcurrentHashMap<>();

  DiagnosisWriter(KubernetesClient client, String identity) {
    this.client = client;
    this.identity = identity;
  }

  static boolean managedByUs(MeshSecurityDiagnosis diagnosis) {
    Map<String, String> labels = diagnosis.getMetadata().getLabels();
    return labels != null && OPERATOR.equals(labels.get(MANAGED_BY));
  }

  MeshSecurityDiagnosis createDefault(String namespace) {
    MeshSecurityDiagnosis diagnosis = new MeshSecurityDiagnosis();
    diagnosis.setMetadata(new ObjectMetaBuilder()
        .withName(MeshSecurityDiagnosis.DEFAULT_NAME)
        .withNamespace(namespace)
        .withLabels(Map.of(MANAGED_BY, OPERATOR))
        .build());
    diagnosis.setSpec(new MeshSecurityDiagnosisSpec());
    try {
      return client.resources(MeshSecurityDiagnosis.class).inNamespace(namespace).resource(diagnosis).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // Created meanwhile (by a user or before our cache saw it): fill that one.
        return client.resources(MeshSecurityDiagnosis.class).inNamespace(namespace).withName(MeshSecurityDiagnosis.DEFAULT_NAME).get();
      }
      throw e;
    }
  }

  void delete(MeshSecurityDiagnosis diagnosis) {
    client.resources(MeshSecurityDiagnosis.class).inNamespace(diagnosis.getMetadata().getNamespace()).resource(diagnosis).delete();
    lastWritten.remove(diagnosis.getMetadata().getUid());
  }

  /**
   * The status the object has now: the cached one, unless our own later write has not reached the
   * cache yet.
   */
  MeshSecurityDiagnosisStatus currentStatus(MeshSecurityDiagnosis cached) {
    Written written = lastWritten.get(cached.getMetadata().getUid());
    if (written != null && newer(written.resourceVersion(), cached.getMetadata().getResourceVersion())) {
      return written.status();
    }
    // The cache has caught up with our write; no need to keep a second copy of the status.
    lastWritten.remove(cached.getMetadata().getUid());
    return cached.getStatus();
  }

  private static boolean newer(String candidate, String than) {
    try {
      return Long.parseLong(candidate) > Long.parseLong(than);
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
  }

  void writeStatus(MeshSecurityDiagnosis cached, MeshSecurityDiagnosisStatus status) {
    MeshSecurityDiagnosis update = new MeshSecurityDiagnosis();
    update.setMetadata(new ObjectMetaBuilder()
        .withName(cached.getMetadata().getName())
        .withNamespace(cached.getMetadata().getNamespace())
        .withResourceVersion(resourceVersion(cached))
        .build());
    update.setSpec(cached.getSpec());
    update.setStatus(status);
    MeshSecurityDiagnosis written = client.resources(MeshSecurityDiagnosis.class)
        .inNamespace(cached.getMetadata().getNamespace())
        .resource(update)
        .updateStatus();
    lastWritten.put(cached.getMetadata().getUid(), new Written(written.getMetadata().getResourceVersion(), status));
  }

  private String resourceVersion(MeshSecurityDiagnosis cached) {
    Written written = lastWritten.get(cached.getMetadata().getUid());
    if (written != null && newer(written.resourceVersion(), cached.getMetadata().getResourceVersion())) {
      return written.resourceVersion();
    }
    return cached.getMetadata().getResourceVersion();
  }

  /** Emits a HealthChanged Event on the diagnosis; an Event that cannot be written is only logged. */
  void healthChanged(MeshSecurityDiagnosis diagnosis, String from, String to, String topFinding, Instant now) {
    String message = "Health changed from " + from + " to " + to + (topFinding == null ? "" : " (top finding " + topFinding + ")");
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(diagnosis.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(System.nanoTime() & 0xffff))
        .withNamespace(diagnosis.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(diagnosis.getApiVersion())
        .withKind(diagnosis.getKind())
        .withNamespace(diagnosis.getMetadata().getNamespace())
        .withName(diagnosis.getMetadata().getName())
        .withUid(diagnosis.getMetadata().getUid())
        .endInvolvedObject()
        .withReason("HealthChanged")
        .withMessage(message)
        .withType(DiagnosisStatuses.HEALTHY.equals(to) ? "Normal" : "Warning")
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .withNewSource().withComponent(OPERATOR).endSource()
        .withReportingComponent(OPERATOR)
        .withReportingInstance(identity)
        .build();
    try {
      client.v1().events().inNamespace(diagnosis.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record HealthChanged event for {}/{}: {}", diagnosis.getMetadata().getNamespace(), diagnosis.getMetadata().getName(), e.getMessage());
    }
  }
}
