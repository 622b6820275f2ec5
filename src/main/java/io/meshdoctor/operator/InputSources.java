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

  private final OperatorSettings settings;
  private final Set<InputKind> readable;

  InputSources(OperatorSettings settings, Set<InputKind> readable) {
    this.settings = settings;
    this.readable = readable;
  }

  List<EventSource<?, Namespace>> create(EventSourceContext<Namespace> context) {
    List<EventSource<?, Namespace>> sources = new ArrayList<>();
    SecondaryToPrimaryMapper<HasMetadata> ownNamespace = object -> Set.of(new ResourceID(object.getMetadata().getNamespace()));
    if (readable.contains(InputKind.POD)) {
      sources.add(new InformerEventSource<>(
          InformerEventSourceConfiguration.from(Pod.class, Namespace.class)
              .withName(PODS)
              .withSecondaryToPrimaryMapper(ownNamespace::toPrimaryResourceIDs)
              .withItemStore(new TransformingItemStore<>(PodProjection::of))
              .withOnUpdateFilter(PodProjection::changed)
              .build(),
          context));
    }
    if (readable.contains(InputKind.EVENT)) {
      var events = InformerEventSourceConfiguration.from(Event.class, Namespace.class)
          .withName(EVENTS)
          .withSecondaryToPrimaryMapper(event -> Set.of(new ResourceID(eventNamespace(event))))
          .withGenericFilter(event -> MountFailure.REASON.equals(event.getReason()));
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
              .withSecondaryToPrimaryMapper(configMap -> allNamespaces(context))
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

  private static Set<ResourceID> allNamespaces(EventSourceContext<Namespace> context) {
    return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
