package io.meshdoctor.analysis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.meshdoctor.analysis.facts.CsrFacts;
import io.meshdoctor.analysis.facts.MeshUsage;
import io.meshdoctor.analysis.facts.MountFailure;
import io.meshdoctor.analysis.facts.WorkloadCertificatePods;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.RootCertConfigMap;
import io.meshdoctor.snapshot.TrustConfig;
import io.meshdoctor.snapshot.WorkloadCertificateConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an analyzer sees: the snapshot's inputs, the settings, the instant of analysis and facts
 * derived once and shared (decoded CSRs, mesh-certificate usage, trust domain). Every input
 * accessor notes its kind, so tests can prove that analyzers declare exactly the inputs they read.
 */
public final class AnalysisContext {
  private final ClusterSnapshot snapshot;
  private final AnalysisSettings settings;
  private final Instant now;
  private Set<InputKind> reads;

  private List<CsrFacts> signerCsrs;
  private Map<String, Map<String, Pod>> podsByNamespace;
  private Map<String, Namespace> namespacesByName;
  private List<MountFailure> mountFailures;
  private MeshUsage meshUsage;
  private TrustDomain trustDomain;

  public AnalysisContext(ClusterSnapshot snapshot, AnalysisSettings settings, Instant now) {
    this.snapshot = Objects.requireNonNull(snapshot);
    this.settings = Objects.requireNonNull(settings);
    this.now = Objects.requireNonNull(now);
  }

  /** Starts noting input kinds into {@code sink} (null stops). */
  void recordReadsInto(Set<InputKind> sink) {
    this.reads = sink;
  }

  private void read(InputKind... kinds) {
    if (reads != null) {
      reads.addAll(List.of(kinds));
    }
  }

  public Instant now() {
    return now;
  }

  public AnalysisSettings settings() {
    return settings;
  }

  public boolean completeInventory() {
    return snapshot.completeInventory();
  }

  public List<InputProblem> problems() {
    return snapshot.problems();
  }

  public boolean unreadable(InputKind kind) {
    return snapshot.unreadable(kind);
  }

  public List<Namespace> namespaces() {
    read(InputKind.NAMESPACE);
    return snapshot.namespaces();
  }

  public Optional<Namespace> namespace(String name) {
    read(InputKind.NAMESPACE);
    if (namespacesByName == null) {
      namespacesByName = new HashMap<>();
      snapshot.namespaces().forEach(n -> namespacesByName.put(n.getMetadata().getName(), n));
    }
    return Optional.ofNullable(namespacesByName.get(name));
  }

  /** Labels of a namespace, empty when it is unknown or has none. */
  public Map<String, String> namespaceLabels(String name) {
    return namespace(name).map(n -> n.getMetadata().getLabels()).orElse(Map.of());
  }

  public List<Pod> pods() {
    read(InputKind.POD);
    return snapshot.pods();
  }

  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(podIndex().getOrDefault(namespace, Map.of()).get(name));
  }

  /** True when the input holds pods of that namespace. */
  public boolean hasPodsIn(String namespace) {
    return podIndex().containsKey(namespace);
  }

  private Map<String, Map<String, Pod>> podIndex() {
    read(InputKind.POD);
    if (podsByNamespace == null) {
      podsByNamespace = new HashMap<>();
      for (Pod pod : snapshot.pods()) {
        podsByNamespace.computeIfAbsent(pod.getMetadata().getNamespace(), k -> new HashMap<>()).put(pod.getMetadata().getName(), pod);
      }
    }
    return podsByNamespace;
  }

  public List<Event> events() {
    read(InputKind.EVENT);
    return snapshot.events();
  }

  /** FailedMount events on pods, decoded. */
  public List<MountFailure> mountFailures() {
    read(InputKind.EVENT);
    if (mountFailures == null) {
      mountFailures = snapshot.events().stream().map(MountFailure::of).filter(Objects::nonNull).toList();
    }
    return mountFailures;
  }

  /** CSRs of the configured signers, decoded. */
  public List<CsrFacts> signerCsrs() {
    read(InputKind.CERTIFICATE_SIGNING_REQUEST);
    if (signerCsrs == null) {
      signerCsrs =
          snapshot.certificateSigningRequests().stream()
              .filter(csr -> csr.getSpec() != null && settings.inspects(csr.getSpec().getSignerName()))
              .map(CsrFacts::of)
              .toList();
    }
    return signerCsrs;
  }

  public List<WorkloadCertificateConfig> workloadCertificateConfigs() {
    read(InputKind.WORKLOAD_CERTIFICATE_CONFIG);
    return snapshot.workloadCertificateConfigs();
  }

  /** The active WorkloadCertificateConfig (named `default`). */
  public Optional<WorkloadCertificateConfig> defaultWorkloadCertificateConfig() {
    return workloadCertificateConfigs().stream().filter(c -> c.meta().isDefault()).findFirst();
  }

  public List<TrustConfig> trustConfigs() {
    read(InputKind.TRUST_CONFIG);
    return snapshot.trustConfigs();
  }

  public Optional<TrustConfig> defaultTrustConfig() {
    return trustConfigs().stream().filter(c -> c.meta().isDefault()).findFirst();
  }

  public List<MutatingWebhookConfiguration> mutatingWebhookConfigurations() {
    read(InputKind.MUTATING_WEBHOOK_CONFIGURATION);
    return snapshot.mutatingWebhookConfigurations();
  }

  public List<RootCertConfigMap> rootCertConfigMaps() {
    read(InputKind.ROOT_CERT_CONFIG_MAP);
    return snapshot.rootCertConfigMaps();
  }

  public Optional<RootCertConfigMap> rootCertIn(String namespace) {
    return rootCertConfigMaps().stream().filter(r -> namespace.equals(r.namespace())).findFirst();
  }

  /** Names of the CRDs the cluster serves, when known. */
  public Optional<Set<String>> servedCrds() {
    read(InputKind.CUSTOM_RESOURCE_DEFINITION);
    return snapshot.servedCrds();
  }

  /** Whether and where mesh certificates are in use; reads pods, events, CSRs and the GKE kinds. */
  public MeshUsage meshUsage() {
    read(
        InputKind.POD,
        InputKind.EVENT,
        InputKind.CERTIFICATE_SIGNING_REQUEST,
        InputKind.WORKLOAD_CERTIFICATE_CONFIG,
        InputKind.TRUST_CONFIG);
    if (meshUsage == null) {
      meshUsage = computeMeshUsage();
    }
    return meshUsage;
  }

  private MeshUsage computeMeshUsage() {
    Set<String> namespaces = new TreeSet<>();
    List<String> evidence = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      if (WorkloadCertificatePods.usesWorkloadCertificates(pod)) {
        namespaces.add(pod.getMetadata().getNamespace());
        evidence.add("pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " uses workload certificates");
      }
    }
    for (MountFailure failure : mountFailures()) {
      if (failure.concernsWorkloadCertificates(pod(failure.namespace(), failure.podName()).orElse(null))) {
        if (namespaces.add(failure.namespace())) {
          evidence.add("FailedMount on pod " + failure.namespace() + "/" + failure.podName() + " names volume " + failure.workloadCertificateVolume());
        }
      }
    }
    for (CsrFacts csr : signerCsrs()) {
      if (csr.namespace() != null) {
        namespaces.add(csr.namespace());
      }
      evidence.add("CSR " + csr.ref().name() + " for signer " + csr.signerName());
    }
    snapshot.workloadCertificateConfigs().forEach(c -> evidence.add("WorkloadCertificateConfig " + c.meta().name() + " exists"));
    snapshot.trustConfigs().forEach(c -> evidence.add("TrustConfig " + c.meta().name() + " exists"));
    return new MeshUsage(!evidence.isEmpty(), new LinkedHashSet<>(namespaces), evidence);
  }

  /** The cluster trust domain: the setting, else inferred from issued certificates, else unknown. */
  public TrustDomain trustDomain() {
    if (trustDomain == null) {
      trustDomain = TrustDomainResolver.resolve(settings, signerCsrs());
    }
    return trustDomain;
  }
}
