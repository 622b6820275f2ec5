package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.meshdoctor.analysis.facts.WorkloadCertificatePods;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the checks read of a pod: identity, phase, the managed-certificate annotations and the
 * workload-certificate volume. The informer caches only this, so ten thousand pods stay small.
 */
final class PodProjection {
  private static final List<String> ANNOTATIONS =
      List.of(WorkloadCertificatePods.ANNOTATION_MANAGED_CERTS, WorkloadCertificatePods.ANNOTATION_USE_WORKLOAD_CERTIFICATES);

  private PodProjection() {}

  static Pod of(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    Map<String, String> annotations = meta.getAnnotations() == null
        ? Map.of()
        : meta.getAnnotations().entrySet().stream()
            .filter(e -> ANNOTATIONS.contains(e.getKey()))
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() == null ? "" : e.getValue()));
    List<Volume> volumes = pod.getSpec() == null || pod.getSpec().getVolumes() == null
        ? List.of()
        : pod.getSpec().getVolumes().stream()
            .filter(WorkloadCertificatePods::isWorkloadCertificateVolume)
            .map(v -> new VolumeBuilder().withName(v.getName()).withCsi(v.getCsi()).build())
            .toList();
    return new PodBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .build())
        .withNewSpec().withVolumes(volumes).endSpec()
        .withNewStatus().withPhase(pod.getStatus() == null ? null : pod.getStatus().getPhase()).endStatus()
        .build();
  }

  /** True when an update changes what the checks read (most pod updates do not). */
  static boolean changed(Pod before, Pod after) {
    Pod a = of(before);
    Pod b = of(after);
    return !Objects.equals(a.getStatus().getPhase(), b.getStatus().getPhase())
        || !Objects.equals(a.getMetadata().getAnnotations(), b.getMetadata().getAnnotations())
        || !Objects.equals(a.getSpec().getVolumes(), b.getSpec().getVolumes())
        || !Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }
}
