package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;

import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@link ClusterCaches} over the operator's informers. Sources that are not registered read as empty. */
final class InformerCaches implements ClusterCaches {
  private final IndexedResourceCache<Namespace> namespaces;
  private final EventSourceRetriever<Namespace> sources;
  private final List<InputProblem> unreadable;

  InformerCaches(IndexedResourceCache<Namespace> namespaces, EventSourceRetriever<Namespace> sources, List<InputProblem> unreadable) {
    this.namespaces = namespaces;
    this.sources = sources;
    this.unreadable = List.copyOf(unreadable);
  }

  @Override
  public List<Namespace> namespaces() {
    return namespaces.list().toList();
  }

  @Override
  public List<Pod> pods(String namespace) {
    return source(Pod.class, InputSources.PODS).map(s -> s.list(namespace, p -> true).toList()).orElse(List.of());
  }

  @Override
  public List<Event> failedMountEvents(String namespace) {
    // Watches without server-side selectors hold every event; keep the FailedMount ones only.
    return source(Event.class, InputSources.EVENTS)
        .map(s -> s.list(e -> io.meshdoctor.analysis.facts.MountFailure.REASON.equals(e.getReason())
            && namespace.equals(InputSources.eventNamespace(e))).toList())
        .orElse(List.of());
  }

  @Override
  public List<CertificateSigningRequest> certificateSigningRequests() {
    List<CertificateSigningRequest> csrs = new ArrayList<>();
    for (EventSource<CertificateSigningRequest, Namespace> source : sources.getEventSourcesFor(CertificateSigningRequest.class)) {
      if (source instanceof ManagedInformerEventSource<CertificateSigningRequest, Namespace, ?> informer) {
        informer.list(c -> true).forEach(csrs::add);
      }
    }
    return csrs;
  }

  @Override
  public List<GenericKubernetesResource> workloadCertificateConfigs() {
    return generic(GkeResources.WorkloadCertificateConfigResource.class, InputSources.WCC);
  }

  @Override
  public List<GenericKubernetesResource> trustConfigs() {
    return generic(GkeResources.TrustConfigResource.class, InputSources.TRUST);
  }

  @Override
  public List<MutatingWebhookConfiguration> mutatingWebhookConfigurations() {
    return all(MutatingWebhookConfiguration.class, InputSources.WEBHOOKS);
  }

  @Override
  public List<ConfigMap> rootCertConfigMaps() {
    return all(ConfigMap.class, InputSources.ROOT_CERTS);
  }

  @Override
  public Optional<Set<String>> servedCrds() {
    Set<String> served = new TreeSet<>();
    boolean known = false;
    for (InputKind kind : List.of(InputKind.WORKLOAD_CERTIFICATE_CONFIG, InputKind.TRUST_CONFIG)) {
      Optional<ManagedInformerEventSource<CustomResourceDefinition, Namespace, ?>> source =
          source(CustomResourceDefinition.class, InputSources.CRD_PREFIX + kind.plural());
      if (source.isPresent()) {
        known = true;
        source.get().list(c -> true).forEach(crd -> served.add(crd.getMetadata().getName()));
      }
    }
    return known ? Optional.of(served) : Optional.empty();
  }

  @Override
  public List<InputProblem> unreadableKinds() {
    return unreadable;
  }

  @Override
  public List<MeshSecurityDiagnosis> diagnoses(String namespace) {
    return source(MeshSecurityDiagnosis.class, InputSources.DIAGNOSES).map(s -> s.list(namespace, d -> true).toList()).orElse(List.of());
  }

  private <R extends HasMetadata> List<R> all(Class<R> type, String name) {
    return source(type, name).map(s -> s.list(r -> true).toList()).orElse(List.of());
  }

  private <R extends GenericKubernetesResource> List<GenericKubernetesResource> generic(Class<R> type, String name) {
    return source(type, name).map(s -> s.list(r -> true).map(r -> (GenericKubernetesResource) r).toList()).orElse(List.of());
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> Optional<ManagedInformerEventSource<R, Namespace, ?>> source(Class<R> type, String name) {
    try {
      EventSource<R, Namespace> source = sources.getEventSourceFor(type, name);
      return source instanceof ManagedInformerEventSource<?, ?, ?> informer
          ? Optional.of((ManagedInformerEventSource<R, Namespace, ?>) informer)
          : Optional.empty();
    } catch (OperatorException | IllegalArgumentException e) {
      // Not registered: forbidden by RBAC, or a GKE kind whose CRD is not served yet.
      return Optional.empty();
    }
  }

}
