package io.meshdoctor.snapshot;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects objects into a {@link ClusterSnapshot}. Objects of kinds the analysis does not read are
 * ignored; an object seen twice keeps its first copy; objects we cannot interpret become
 * {@link InputProblem}s.
 */
public final class SnapshotBuilder {
  public static final String GKE_GROUP = "security.cloud.google.com";

  private final Map<ObjectRef, Origin> origins = new LinkedHashMap<>();
  private final List<Namespace> namespaces = new ArrayList<>();
  private final List<Pod> pods = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final List<CertificateSigningRequest> csrs = new ArrayList<>();
  private final List<WorkloadCertificateConfig> workloadCertificateConfigs = new ArrayList<>();
  private final List<TrustConfig> trustConfigs = new ArrayList<>();
  private final List<MutatingWebhookConfiguration> webhooks = new ArrayList<>();
  private final List<RootCertConfigMap> rootCerts = new ArrayList<>();
  private final List<InputProblem> problems = new ArrayList<>();
  private final Map<ObjectRef, Boolean> seen = new HashMap<>();
  private Set<String> servedCrds;
  private boolean completeInventory;

  SnapshotBuilder() {}

  /** Adds a typed object; {@code origin} may be null for objects read from an API server. */
  public SnapshotBuilder add(HasMetadata object, Origin origin) {
    if (object instanceof GenericKubernetesResource generic) {
      return addGeneric(generic, origin);
    }
    if (object instanceof CustomResourceDefinition crd) {
      return servedCrd(crd.getMetadata().getName());
    }
    ObjectRef ref = ObjectRef.of(object);
    if (object instanceof ConfigMap configMap && !RootCertConfigMap.NAME.equals(ref.name())) {
      return this;
    }
    if (!firstSighting(ref, origin)) {
      return this;
    }
    if (object instanceof Namespace namespace) {
      namespaces.add(namespace);
    } else if (object instanceof Pod pod) {
      pods.add(pod);
    } else if (object instanceof Event event) {
      events.add(event);
    } else if (object instanceof CertificateSigningRequest csr) {
      csrs.add(csr);
    } else if (object instanceof MutatingWebhookConfiguration webhook) {
      webhooks.add(webhook);
    } else if (object instanceof ConfigMap configMap) {
      addRootCert(configMap, ref, origin);
    }
    return this;
  }

  private SnapshotBuilder addGeneric(GenericKubernetesResource resource, Origin origin) {
    String apiVersion = resource.getApiVersion() == null ? "" : resource.getApiVersion();
    if (!apiVersion.startsWith(GKE_GROUP + "/")) {
      return this;
    }
    ObjectRef ref = ObjectRef.of(resource);
    String kind = resource.getKind();
    boolean wcc = InputKind.WORKLOAD_CERTIFICATE_CONFIG.kind().equals(kind);
    boolean trust = InputKind.TRUST_CONFIG.kind().equals(kind);
    if ((!wcc && !trust) || !firstSighting(ref, origin)) {
      return this;
    }
    GkeObjectReader.Reading<?> reading;
    if (wcc) {
      var read = GkeObjectReader.workloadCertificateConfig(resource);
      workloadCertificateConfigs.add(read.value());
      reading = read;
    } else {
      var read = GkeObjectReader.trustConfig(resource);
      trustConfigs.add(read.value());
      reading = read;
    }
    if (!reading.problems().isEmpty()) {
      problems.add(InputProblem.uninterpretable(ref, origin, String.join("; ", reading.problems())));
    }
    return this;
  }

  private void addRootCert(ConfigMap configMap, ObjectRef ref, Origin origin) {
    String pem = configMap.getData() == null ? null : configMap.getData().get(RootCertConfigMap.KEY);
    if (pem == null) {
      problems.add(InputProblem.uninterpretable(ref, origin, "has no " + RootCertConfigMap.KEY + " key"));
      return;
    }
    try {
      List<CertificateInfo> certificates = Pem.certificates(pem);
      rootCerts.add(new RootCertConfigMap(ref, pem, certificates));
    } catch (PkiException e) {
      problems.add(InputProblem.uninterpretable(ref, origin, RootCertConfigMap.KEY + " is not PEM certificates: " + e.getMessage()));
    }
  }

  private boolean firstSighting(ObjectRef ref, Origin origin) {
    if (seen.putIfAbsent(ref, Boolean.TRUE) != null) {
      return false;
    }
    if (origin != null) {
      origins.put(ref, origin);
    }
    return true;
  }

  /** Records that the API server serves this CRD (CRDs in the input also count). */
  public SnapshotBuilder servedCrd(String name) {
    if (servedCrds == null) {
      servedCrds = new TreeSet<>();
    }
    servedCrds.add(name);
    return this;
  }

  /** Declares that the set of served CRDs is known even if it holds none of interest. */
  public SnapshotBuilder servedCrdsKnown() {
    if (servedCrds == null) {
      servedCrds = new TreeSet<>();
    }
    return this;
  }

  public SnapshotBuilder problem(InputProblem problem) {
    problems.add(problem);
    return this;
  }

  public SnapshotBuilder completeInventory(boolean complete) {
    this.completeInventory = complete;
    return this;
  }

  public ClusterSnapshot build() {
    return new ClusterSnapshot(
        List.copyOf(namespaces),
        List.copyOf(pods),
        List.copyOf(events),
        List.copyOf(csrs),
        List.copyOf(workloadCertificateConfigs),
        List.copyOf(trustConfigs),
        List.copyOf(webhooks),
        List.copyOf(rootCerts),
        Optional.ofNullable(servedCrds).map(Set::copyOf),
        completeInventory,
        List.copyOf(problems),
        Map.copyOf(origins));
  }
}
