package io.meshdoctor.analysis.facts;

import java.util.List;
import java.util.Set;

/**
 * Whether GKE mesh certificates are in use, which namespaces use them, and the evidence (for
 * messages). In use: a pod asks for or mounts workload certificates, a CSR of a configured signer
 * exists, a WorkloadCertificateConfig or TrustConfig exists, or a FailedMount names a
 * workload-certificate volume.
 */
public record MeshUsage(boolean inUse, Set<String> namespaces, List<String> evidence) {
  public MeshUsage {
    namespaces = Set.copyOf(namespaces);
    evidence = List.copyOf(evidence);
  }

  /** The first pieces of evidence, joined for a message. */
  public String evidenceSummary() {
    if (evidence.isEmpty()) {
      return "";
    }
    List<String> shown = evidence.subList(0, Math.min(3, evidence.size()));
    String more = evidence.size() > shown.size() ? " and " + (evidence.size() - shown.size()) + " more" : "";
    return String.join("; ", shown) + more;
  }
}
