package io.meshdoctor.analysis.facts;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How a pod asks for and receives GKE workload certificates. */
public final class WorkloadCertificatePods {
  /** Istio's templates say `gke-workload-certificate`; GKE's own mutation is reported to use the plural. */
  public static final Set<String> VOLUME_NAMES = Set.of("gke-workload-certificates", "gke-workload-certificate");

  public static final String CSI_DRIVER = "workloadcertificates.security.cloud.google.com";
  public static final String ANNOTATION_MANAGED_CERTS = "cloud.google.com/enableManagedCerts";
  public static final String ANNOTATION_USE_WORKLOAD_CERTIFICATES = "security.cloud.google.com/use-workload-certificates";
  public static final String MOUNT_PATH = "/var/run/secrets/workload-spiffe-credentials";

  private WorkloadCertificatePods() {}

  public static boolean isWorkloadCertificateVolume(Volume volume) {
    if (volume == null) {
      return false;
    }
    if (volume.getName() != null && VOLUME_NAMES.contains(volume.getName())) {
      return true;
    }
    return volume.getCsi() != null && CSI_DRIVER.equals(volume.getCsi().getDriver());
  }

  public static Optional<Volume> workloadCertificateVolume(Pod pod) {
    return volumes(pod).stream().filter(WorkloadCertificatePods::isWorkloadCertificateVolume).findFirst();
  }

  /** The pod's volume of that name, if it has one. */
  public static Optional<Volume> volume(Pod pod, String name) {
    return volumes(pod).stream().filter(v -> name.equals(v.getName())).findFirst();
  }

  /** The annotation that asked for managed certificates, if any. */
  public static Optional<String> managedCertificateAnnotation(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.empty();
    }
    if ("true".equalsIgnoreCase(trim(annotations.get(ANNOTATION_MANAGED_CERTS)))) {
      return Optional.of(ANNOTATION_MANAGED_CERTS);
    }
    if (annotations.containsKey(ANNOTATION_USE_WORKLOAD_CERTIFICATES)) {
      return Optional.of(ANNOTATION_USE_WORKLOAD_CERTIFICATES);
    }
    return Optional.empty();
  }

  public static boolean usesWorkloadCertificates(Pod pod) {
    return workloadCertificateVolume(pod).isPresent() || managedCertificateAnnotation(pod).isPresent();
  }

  private static List<Volume> volumes(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return List.of();
    }
    return pod.getSpec().getVolumes();
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }
}
