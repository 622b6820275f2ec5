package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.InputProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@link ClusterCaches} over objects parsed from YAML, for reconciler tests without informers. */
final class FakeCaches implements ClusterCaches {
  final List<HasMetadata> objects = new ArrayList<>();
  final List<MeshSecurityDiagnosis> diagnoses = new ArrayList<>();
  final List<InputProblem> problems = new ArrayList<>();

  FakeCaches(String yaml) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Object parsed = serialization.unmarshal(document);
      if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else if (parsed instanceof HasMetadata object) {
        objects.add(object);
      }
    }
  }

  private <T> List<T> of(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public List<Namespace> namespaces() {
    return of(Namespace.class);
  }

  @Override
  public List<Pod> pods(String namespace) {
    return of(Pod.class).stream().filter(p -> namespace.equals(p.getMetadata().getNamespace())).toList();
  }

  @Override
  public List<Event> failedMountEvents(String namespace) {
    return of(Event.class).stream().filter(e -> namespace.equals(InputSources.eventNamespace(e))).toList();
  }

  @Override
  public List<CertificateSigningRequest> certificateSigningRequests() {
    return of(CertificateSigningRequest.class);
  }

  @Override
  public List<GenericKubernetesResource> workloadCertificateConfigs() {
    return of(GenericKubernetesResource.class).stream().filter(r -> "WorkloadCertificateConfig".equals(r.getKind())).toList();
  }

  @Override
  public List<GenericKubernetesResource> trustConfigs() {
    return of(GenericKubernetesResource.class).stream().filter(r -> "TrustConfig".equals(r.getKind())).toList();
  }

  @Override
  public List<MutatingWebhookConfiguration> mutatingWebhookConfigurations() {
    return of(MutatingWebhookConfiguration.class);
  }

  @Override
  public List<ConfigMap> rootCertConfigMaps() {
    return of(ConfigMap.class);
  }

  @Override
  public Optional<Set<String>> servedCrds() {
    Set<String> served = new TreeSet<>();
    objects.stream().filter(o -> o.getKind().equals("CustomResourceDefinition")).forEach(o -> served.add(o.getMetadata().getName()));
    return Optional.of(served);
  }

  @Override
  public List<InputProblem> unreadableKinds() {
    return problems;
  }

  @Override
  public List<MeshSecurityDiagnosis> diagnoses(String namespace) {
    return diagnoses.stream().filter(d -> namespace.equals(d.getMetadata().getNamespace())).toList();
  }
}
