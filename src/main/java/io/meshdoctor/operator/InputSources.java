package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.meshdoctor.analysis.facts.CsrFacts;
import io.meshdoctor.analysis.facts.MountFailure;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.RootCertConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The informers the operator watches, one per input, each mapping a change to the namespaces it
 * affects: namespaced inputs to their own namespace, a CSR to the namespace of its SPIFFE ID, and
 * cluster-wide inputs to every namespace.
 */
final class InputSources {
  static final String PODS = "pods";
  static final String EVENTS = "failed-mount-events";
  static final String CSRS = "csrs-";
  static final String WEBHOOKS = "webhook-configurations";
  static final String ROOT_CERTS = "root-certs";
  static final String CRD_PREFIX = "crd-";
  static final String WCC = "workload-certificate-configs";
  static final String TRUST = "trust-configs";
  static final String DIAGNOSES = "diagnoses";

  /**
   * The reconciler reads the caches directly and never asks JOSDK for a primary's secondaries, so
   * JOSDK's secondary-to-primary index is not needed; without this it would hold one entry per
   * (object, namespace) pair, a million for cluster-wide objects in a thousand namespaces.
   */
  private static final PrimaryToSecondaryMapper<Namespace> NO_INDEX = namespace -> Set.of();

  private final OperatorSettings settings;
  private final Set<InputKind> readable;
  private final Supplier<Set<String>> istiodNamespaces;

  InputSources(OperatorSettings settings, Set<InputKind> readable, Supplier<Set<String>> istiodNamespaces) {
    this.settings = settings;
    this.readable = readable;
    this.istiodNamespaces = istiodNamespaces;
  }

  List<EventSource<?, Namespace>> create(EventSourceContext<Namespace> context) {
    List<EventSource<?, Namespace>> sources = new ArrayList<>();
    SecondaryToPrimaryMapper<HasMetadata> ownNamespace = object -> Set.of(new ResourceID(object.getMetadata().getNamespace()));
    if (readable.contains(InputKind.POD)) {
      sources.add(new InformerEventSource<>(
          InformerEventSourceConfiguration.from(Pod.class, Namespace.class)
              .withName(PODS)
              .withPrimaryToSecondaryMapper(NO_INDEX)
              .withSecondaryToPrimaryMapper(ownNamespace::toPrimaryResourceIDs)
              .withItemStore(new TransformingItemStore<>(PodProjection::of))
              .withOnUpdateFilter(PodProjection::changed)
              .build(),
          context));
    }
    if (readable.contains(InputKind.EVENT)) {
      var events = InformerEventSourceConfiguration.from(Event.class, Namespace.class)
          .withName(EVENTS)
          .withPrimaryToSecondaryMapper(NO_INDEX)
          .withSecondaryToPrimaryMapper(event -> Set.of(new ResourceID(eventNamespace(event))))
          .withGenericFilter(event -> MountFailure.REASON.equals(event.getReason()))
          .withItemStore(new TransformingItemStore<>(EventProjection::of));
      if (settings.serverSideSelectors()) {
        events.withFieldSelector(new FieldSelector(new FieldSelector.Field("reason", MountFailure.REASON)));
      }
      sources.add(new InformerEventSource<>(events.build(), context));
    }
    if (readable.contains(InputKind.CERTIFICATE_SIGNING_REQUEST)) {
      int index = 0;
      for (String signer : settings.signerNames().stream().sorted().toList()) {
        var csrs = InformerEventSourceConfiguration.from(CertificateSigningRequest.class, Namespace.class)
            .withName(CSRS + index++)
            .withPrimaryToSecondaryMapper(NO_INDEX)
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(csr -> csrNamespace(csr, context))
            .withGenericFilter(csr -> csr.getSpec() != null && signer.equals(csr.getSpec().getSignerName()));
        if (settings.serverSideSelectors()) {
          csrs.withFieldSelector(new FieldSelector(new FieldSelector.Field("spec.signerName", signer)));
        }
        sources.add(new InformerEventSource<>(csrs.build(), context));
      }
    }
    if (readable.contains(InputKind.MUTATING_WEBHOOK_CONFIGURATION)) {
      sources.add(clusterWide(MutatingWebhookConfiguration.class, WEBHOOKS, context));
    }
    if (readable.contains(InputKind.ROOT_CERT_CONFIG_MAP)) {
      sources.add(new InformerEventSource<>(
          InformerEventSourceConfiguration.from(ConfigMap.class, Namespace.class)
              .withName(ROOT_CERTS)
              .withPrimaryToSecondaryMapper(NO_INDEX)
              .withSecondaryToPrimaryMapper(configMap -> rootCertNamespaces(configMap, context))
              .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", RootCertConfigMap.NAME)))
              .withGenericFilter(configMap -> RootCertConfigMap.NAME.equals(configMap.getMetadata().getName()))
              .build(),
          context));
    }
    if (readable.contains(InputKind.CUSTOM_RESOURCE_DEFINITION)) {
      for (InputKind kind : List.of(InputKind.WORKLOAD_CERTIFICATE_CONFIG, InputKind.TRUST_CONFIG)) {
        sources.add(new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CustomResourceDefinition.class, Namespace.class)
                .withName(CRD_PREFIX + kind.plural())
                .withPrimaryToSecondaryMapper(NO_INDEX)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(crd -> allNamespaces(context))
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", kind.crdName())))
                .withGenericFilter(crd -> kind.crdName().equals(crd.getMetadata().getName()))
                .build(),
            context));
      }
    }
    sources.add(new InformerEventSource<>(
        InformerEventSourceConfiguration.from(MeshSecurityDiagnosis.class, Namespace.class)
            .withName(DIAGNOSES)
            .withPrimaryToSecondaryMapper(NO_INDEX)
            .withSecondaryToPrimaryMapper(ownNamespace::toPrimaryResourceIDs)
            // Our own status writes come back as updates; only spec and metadata changes matter.
            .withOnUpdateFilter((before, after) -> !Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                || !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels()))
            .build(),
        context));
    return sources;
  }

  /** The informer of a GKE kind, registered once its CRD is served. */
  static InformerEventSource<? extends HasMetadata, Namespace> gkeSource(InputKind kind, EventSourceContext<Namespace> context) {
    return kind == InputKind.WORKLOAD_CERTIFICATE_CONFIG
        ? clusterWide(GkeResources.WorkloadCertificateConfigResource.class, WCC, context)
        : clusterWide(GkeResources.TrustConfigResource.class, TRUST, context);
  }

  private static <R extends HasMetadata> InformerEventSource<R, Namespace> clusterWide(
      Class<R> type, String name, EventSourceContext<Namespace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, Namespace.class)
            .withName(name)
            .withPrimaryToSecondaryMapper(NO_INDEX)
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(object -> allNamespaces(context))
            .build(),
        context);
  }

  static String eventNamespace(Event event) {
    if (event.getInvolvedObject() != null && event.getInvolvedObject().getNamespace() != null) {
      return event.getInvolvedObject().getNamespace();
    }
    return event.getMetadata().getNamespace();
  }

  /** A CSR concerns the namespace of its SPIFFE ID; one whose namespace is unknown concerns all. */
  private static Set<ResourceID> csrNamespace(CertificateSigningRequest csr, EventSourceContext<Namespace> context) {
    String namespace = CsrFacts.of(csr).namespace();
    return namespace == null ? allNamespaces(context) : Set.of(new ResourceID(namespace));
  }

  /**
   * A copy of the mesh root concerns its own namespace; the copy in istiod's namespace is the one
   * every namespace's mesh-root findings are about.
   */
  private Set<ResourceID> rootCertNamespaces(ConfigMap configMap, EventSourceContext<Namespace> context) {
    String namespace = configMap.getMetadata().getNamespace();
    return istiodNamespaces.get().contains(namespace) ? allNamespaces(context) : Set.of(new ResourceID(namespace));
  }

  private static Set<ResourceID> allNamespaces(EventSourceContext<Namespace> context) {
    return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
