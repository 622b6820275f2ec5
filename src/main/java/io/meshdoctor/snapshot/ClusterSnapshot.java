package io.meshdoctor.snapshot;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one analysis looks at, fixed at one moment. Built by {@link SnapshotBuilder} from
 * files, from list calls or from informer caches; never changed afterwards.
 *
 * @param servedCrds names of the CRDs the API server serves, when known (live mode, or a dump that
 *     holds CustomResourceDefinitions)
 * @param completeInventory true when every object of every kind was listed (live cluster or
 *     operator cache), so an object missing from the snapshot is missing from the cluster
 * @param origins where each object was read from, for file-based input
 */
public record ClusterSnapshot(
    List<Namespace> namespaces,
    List<Pod> pods,
    List<Event> events,
    List<CertificateSigningRequest> certificateSigningRequests,
    List<WorkloadCertificateConfig> workloadCertificateConfigs,
    List<TrustConfig> trustConfigs,
    List<MutatingWebhookConfiguration> mutatingWebhookConfigurations,
    List<RootCertConfigMap> rootCertConfigMaps,
    Optional<Set<String>> servedCrds,
    boolean completeInventory,
    List<InputProblem> problems,
    Map<ObjectRef, Origin> origins) {

  public static SnapshotBuilder builder() {
    return new SnapshotBuilder();
  }

  /** True when the kind could not be read, so its absence proves nothing. */
  public boolean unreadable(InputKind kind) {
    return problems.stream().anyMatch(p -> p.type() == InputProblem.Type.UNREADABLE_KIND && p.kind() == kind);
  }

  public Optional<Origin> origin(ObjectRef ref) {
    return Optional.ofNullable(origins.get(ref));
  }
}
