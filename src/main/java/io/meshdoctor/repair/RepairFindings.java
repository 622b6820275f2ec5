package io.meshdoctor.repair;

import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.snapshot.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MCD406 and MCD407: what the caBundle repair did, would do, or refused. */
final class RepairFindings {
  private RepairFindings() {}

  static List<Finding> of(CaBundleRepairer.Outcome outcome, RepairMode mode) {
    ObjectRef ref = new ObjectRef("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", null, outcome.configuration());
    List<Finding> findings = new ArrayList<>();
    if (!outcome.changes().isEmpty()) {
      findings.add(FindingCode.MCD406.at(ref, changes(outcome, mode),
          "Audit with `kubectl get events -n default --field-selector involvedObject.kind=MutatingWebhookConfiguration,involvedObject.name="
              + outcome.configuration() + "`; find why the bundle broke (a re-applied manifest, an istiod that does not patch this"
              + " configuration: check its istio.io/rev label).").affecting(outcome.affected()));
    }
    // Webhooks refused for the same reason are one finding.
    Map<String, List<RepairPlan.Refusal>> byCause = new LinkedHashMap<>();
    outcome.refusals().forEach(r -> byCause.computeIfAbsent(r.reason() + "|" + r.detail(), k -> new ArrayList<>()).add(r));
    for (List<RepairPlan.Refusal> group : byCause.values()) {
      RepairPlan.Refusal first = group.get(0);
      String webhooks = String.join(", ", group.stream().map(RepairPlan.Refusal::webhook).toList());
      findings.add(FindingCode.MCD407.at(ref,
          "Repair of the caBundle of " + webhooks + " in " + outcome.configuration() + " refused (" + first.reason().label() + "): "
              + first.detail() + ".",
          remedy(first.reason(), outcome.configuration())).affecting(outcome.affected()));
    }
    return findings;
  }

  static String describe(CaBundleRepairer.Outcome outcome, RepairMode mode) {
    List<String> parts = new ArrayList<>();
    if (!outcome.changes().isEmpty()) {
      parts.add(changes(outcome, mode));
    }
    outcome.refusals().forEach(r -> parts.add("Refused for " + r.webhook() + " (" + r.reason().label() + "): " + r.detail() + "."));
    return String.join(" ", parts);
  }

  private static String changes(CaBundleRepairer.Outcome outcome, RepairMode mode) {
    StringBuilder text = new StringBuilder(outcome.written() ? "Repaired" : "Would repair (" + mode.label() + ")");
    text.append(" the caBundle of ").append(outcome.configuration()).append(':');
    for (RepairPlan.Change change : outcome.changes()) {
      text.append(' ').append(change.webhook()).append(" (").append(change.why()).append(") from SHA-256 ")
          .append(change.oldFingerprints().isEmpty() ? "none" : String.join(", ", change.oldFingerprints()))
          .append(" to SHA-256 ").append(String.join(", ", change.newFingerprints())).append(" of ").append(change.source()).append(';');
    }
    text.setLength(text.length() - 1);
    return text.append('.').toString();
  }

  private static String remedy(RepairPlan.Reason reason, String configuration) {
    return switch (reason) {
      case NO_VALID_SOURCE -> "Fix the mesh root first (see MCD411 and the istio-ca-root-cert ConfigMap in istiod's namespace), or restart istiod"
          + " so it republishes it: `kubectl rollout restart deployment/istiod -n istio-system`.";
      case URL_WEBHOOK -> "The control plane behind the url (managed or remote istiod) owns this bundle; set it through that control plane"
          + " (istiodRemote.injectionCABundle) instead.";
      case RATE_LIMITED -> "Find who writes the bundle back: `kubectl get mutatingwebhookconfiguration " + configuration
          + " -o yaml --show-managed-fields`; exclude caBundle from GitOps sync (Argo CD ignoreDifferences) or fix the istio.io/rev label.";
      case WRITE_CONFLICT -> "Nothing to do unless it repeats; the operator decides again on the next change.";
    };
  }
}
