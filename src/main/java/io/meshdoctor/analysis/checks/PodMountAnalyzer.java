package io.meshdoctor.analysis.checks;

import io.fabric8.kubernetes.api.model.Pod;
import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.facts.MountFailure;
import io.meshdoctor.analysis.facts.WorkloadCertificatePods;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.ObjectRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MCD301, MCD302: pods whose workload-certificate volume fails to mount, and pods that asked for
 * managed certificates but never got the volume.
 */
public final class PodMountAnalyzer implements Analyzer {
  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "pod.WorkloadCertificateMount",
          "Reports FailedMount events on workload-certificate volumes and pods that lack the volume they asked for",
          EnumSet.of(InputKind.POD, InputKind.EVENT),
          Set.of(FindingCode.MCD301, FindingCode.MCD302));

  /** Kinds of kubelet message, each with its own remedy. Checked in declaration order. */
  enum Cause {
    CONFIGURATION_NOT_READY(
        Pattern.compile("caPEM is nil"),
        "the node agent has no CA bundle: the mesh-certificate configuration is not ready",
        "Check WorkloadCertificateConfig and TrustConfig named default: " + Commands.GET_WCC + " and "
            + Commands.GET_TC + " must show Ready True with a current observedGeneration, and TrustConfig"
            + " status.renderedTrustStores must not be empty (see MCD102, MCD103, MCD111, MCD112)."),
    DRIVER_NOT_REGISTERED(
        Pattern.compile("not found in the list of registered CSI drivers"),
        "the node has no registered mesh-certificate CSI driver",
        "Enable mesh certificates on the cluster (" + Commands.ENABLE_MESH_CERTIFICATES + ") and run the pod"
            + " on a node pool with the GKE metadata server (`--workload-metadata=GKE_METADATA`); see MCD101."),
    PERMISSION_DENIED(
        Pattern.compile("(?i)permission\\s*denied|permission '[^']*' denied"),
        "the CA pool refused to issue (IAM)",
        "Grant the GKE service agent issuance on the pool: " + Commands.GRANT_CERTIFICATE_MANAGER + ", and check that the pool exists."),
    CONFIGURATION(
        Pattern.compile("code = (FailedPrecondition|NotFound)"),
        "the CSI driver reports a configuration problem",
        "Check WorkloadCertificateConfig default (" + Commands.GET_WCC + "): the CA pool URI must name an existing"
            + " pool in the workloads' region."),
    TRANSIENT(
        Pattern.compile("DeadlineExceeded|Unavailable|context deadline exceeded|timed out waiting for the condition"),
        "the mount timed out waiting for the certificate",
        "Look at the pod's earlier FailedMount events for the cause (`kubectl describe pod -n POD_NAMESPACE POD_NAME`) and at this"
            + " namespace's CSRs (`kubectl get csr --field-selector='spec.signerName=spiffe.gke.io/spiffe-leaf-signer'`): pending or unissued"
            + " requests (MCD201, MCD204) keep the volume from mounting."),
    UNCLASSIFIED(
        Pattern.compile(""),
        "the kubelet could not set up the volume",
        "Read the full message with `kubectl describe pod -n POD_NAMESPACE POD_NAME` and check the mesh-certificate configuration"
            + " (" + Commands.GET_WCC + ", " + Commands.GET_TC + ").");

    private final Pattern pattern;
    private final String meaning;
    private final String remedy;

    Cause(Pattern pattern, String meaning, String remedy) {
      this.pattern = pattern;
      this.meaning = meaning;
      this.remedy = remedy;
    }

    static Cause of(String message) {
      for (Cause cause : values()) {
        if (cause.pattern.matcher(message).find()) {
          return cause;
        }
      }
      return UNCLASSIFIED;
    }
  }

  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    Map<ObjectRef, List<MountFailure>> byPod = new LinkedHashMap<>();
    for (MountFailure failure : context.mountFailures()) {
      Optional<Pod> pod = context.pod(failure.namespace(), failure.podName());
      if (!failure.concernsWorkloadCertificates(pod.orElse(null)) || resolved(context, failure, pod)) {
        continue;
      }
      byPod.computeIfAbsent(ObjectRef.of(InputKind.POD, failure.namespace(), failure.podName()), k -> new ArrayList<>()).add(failure);
    }
    byPod.forEach((ref, failures) -> sink.report(mountFinding(ref, failures)));

    for (Pod pod : context.pods()) {
      Optional<String> annotation = WorkloadCertificatePods.managedCertificateAnnotation(pod);
      if (annotation.isEmpty() || WorkloadCertificatePods.workloadCertificateVolume(pod).isPresent()) {
        continue;
      }
      ObjectRef ref = ObjectRef.of(InputKind.POD, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      sink.report(FindingCode.MCD302.at(
          ref,
          "Pod " + ref.namespace() + "/" + ref.name() + " has annotation " + annotation.get()
              + " but no workload-certificate volume: the webhook that adds the volume did not process it, so "
              + WorkloadCertificatePods.MOUNT_PATH + " will not exist.",
          "Recreate the pod once the injecting webhook works (`kubectl delete pod -n " + ref.namespace() + " " + ref.name()
              + "`, or `kubectl rollout restart deployment/DEPLOYMENT_NAME -n " + ref.namespace() + "`) and check that the new pod has a volume of"
              + " driver " + WorkloadCertificatePods.CSI_DRIVER + ": `kubectl get pod -n " + ref.namespace() + " POD_NAME -o yaml`."));
    }
  }

  /**
   * True when the failure no longer matters: the pod has since started (its volumes mounted), it
   * is another pod of the same name, or it is gone.
   */
  private static boolean resolved(AnalysisContext context, MountFailure failure, Optional<Pod> pod) {
    if (pod.isEmpty()) {
      return context.completeInventory() || context.hasPodsIn(failure.namespace());
    }
    String uid = pod.get().getMetadata().getUid();
    if (uid != null && failure.podUid() != null && !uid.equals(failure.podUid())) {
      return true;
    }
    String phase = pod.get().getStatus() == null ? null : pod.get().getStatus().getPhase();
    return phase != null && !phase.equals("Pending") && !phase.equals("Unknown");
  }

  private static io.meshdoctor.analysis.Finding mountFinding(ObjectRef pod, List<MountFailure> failures) {
    Comparator<MountFailure> byTime = Comparator.comparing(MountFailure::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder()));
    MountFailure newest = failures.stream().max(byTime).orElseThrow();
    // A timeout only says the mount is still failing; an earlier message usually says why.
    MountFailure telling = failures.stream()
        .filter(f -> Cause.of(f.message()) != Cause.TRANSIENT)
        .max(byTime)
        .orElse(newest);
    Cause cause = Cause.of(telling.message());
    int count = failures.stream().mapToInt(MountFailure::count).sum();
    String when = newest.lastSeen() == null ? "" : ", last at " + newest.lastSeen();
    return FindingCode.MCD301.at(
        pod,
        "Pod " + pod.namespace() + "/" + pod.name() + " cannot mount workload-certificate volume " + telling.workloadCertificateVolume() + " ("
            + count + " FailedMount event" + (count == 1 ? "" : "s") + when + "): " + cause.meaning + ". Kubelet: \"" + telling.message() + "\"",
        cause.remedy.replace("POD_NAMESPACE POD_NAME", pod.namespace() + " " + pod.name()));
  }
}
