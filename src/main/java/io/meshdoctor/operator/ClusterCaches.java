package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.InputProblem;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Read access to what the informers hold; the reconciler sees the cluster only through this. */
interface ClusterCaches {
  List<Namespace> namespaces();

  List<Pod> pods(String namespace);

  List<Event> failedMountEvents(String namespace);

  List<CertificateSigningRequest> certificateSigningRequests();

  List<GenericKubernetesResource> workloadCertificateConfigs();

  List<GenericKubernetesResource> trustConfigs();

  List<MutatingWebhookConfiguration> mutatingWebhookConfigurations();

  List<ConfigMap> rootCertConfigMaps();

  /** Names of the GKE CRDs the cluster serves, when the operator may read CRDs. */
  Optional<Set<String>> servedCrds();

  /** Kinds the operator may not read or whose informer failed. */
  List<InputProblem> unreadableKinds();

  List<MeshSecurityDiagnosis> diagnoses(String namespace);
}
