package io.meshdoctor.analysis.checks;

import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.analysis.facts.MeshUsage;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.ObjectRef;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** MCD001, MCD002, MCD003: what the analysis could not read, interpret or decide. */
public final class CompletenessAnalyzer implements Analyzer {
  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "analysis.Completeness",
          "Reports input kinds that could not be read, objects that could not be interpreted and an unknown trust domain",
          EnumSet.of(
              InputKind.NAMESPACE,
              InputKind.POD,
              InputKind.EVENT,
              InputKind.CERTIFICATE_SIGNING_REQUEST,
              InputKind.WORKLOAD_CERTIFICATE_CONFIG,
              InputKind.TRUST_CONFIG),
          Set.of(FindingCode.MCD001, FindingCode.MCD002, FindingCode.MCD003));

  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    // What the analysis could not read weakens every namespace's diagnosis, unless it belongs to one.
    Set<String> everyNamespace = new TreeSet<>();
    context.namespaces().forEach(n -> everyNamespace.add(n.getMetadata().getName()));
    for (InputProblem problem : context.problems()) {
      Finding finding = switch (problem.type()) {
        case UNREADABLE_KIND -> unreadable(problem.kind(), problem.detail());
        case UNINTERPRETABLE_OBJECT -> uninterpretable(problem);
      };
      sink.report(finding.namespace() == null ? finding.affecting(everyNamespace) : finding);
    }
    MeshUsage usage = context.meshUsage();
    TrustDomain trustDomain = context.trustDomain();
    if (usage.inUse() && !trustDomain.known()) {
      sink.report(
          FindingCode.MCD003
              .at(
                  null,
                  "Mesh certificates are in use but the cluster trust domain is unknown: no setting, and no certificate issued"
                      + " for the configured signers to infer it from; trust-domain checks (MCD113, the trust-domain part of MCD208) were skipped.",
                  "Pass the workload pool as trust domain: `--trust-domain PROJECT_ID.svc.id.goog` (operator: Helm value `trustDomain`)."
                      + " Read it with `gcloud container clusters describe CLUSTER_NAME --location LOCATION"
                      + " --format=\"value(workloadIdentityConfig.workloadPool)\"`.")
              .affecting(usage.namespaces()));
    }
  }

  private static Finding unreadable(InputKind kind, String detail) {
    ObjectRef ref = new ObjectRef(kind.apiVersion(), kind.kind(), null, null);
    String scope = kind.namespaced() ? " --all-namespaces" : "";
    return FindingCode.MCD001.at(
        ref,
        "Could not read " + kind.kind() + " (" + kind.resource() + "): " + detail
            + "; the diagnosis is incomplete: checks that read " + kind.kind() + " objects ran without them.",
        "Grant get, list and watch on " + kind.resource() + " to the identity running mesh-cert-doctor and check with `kubectl auth can-i list "
            + kind.resource() + scope + "`; a ClusterRole rule: {apiGroups: [\"" + kind.group() + "\"], resources: [\"" + kind.plural()
            + "\"], verbs: [get, list, watch]}.");
  }

  private static Finding uninterpretable(InputProblem problem) {
    ObjectRef ref = problem.object();
    String where = problem.origin() == null ? "" : " (" + problem.origin() + ")";
    String name = ref == null ? "An object" : ref.kind() + " " + (ref.namespace() == null ? "" : ref.namespace() + "/") + ref.name();
    String get = ref == null || ref.name() == null
        ? "Correct the document in the input file."
        : "Inspect it with `kubectl get " + ref.kind().toLowerCase() + " " + ref.name() + (ref.namespace() == null ? "" : " -n " + ref.namespace())
            + " -o yaml` and correct the named field; the rest of the analysis went on without it.";
    return FindingCode.MCD002.at(ref, name + where + " could not be interpreted: " + problem.detail() + ".", get);
  }
}
