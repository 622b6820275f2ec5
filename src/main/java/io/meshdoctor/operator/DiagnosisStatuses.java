package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.Severity;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.operator.api.DiagnosisFinding;
import io.meshdoctor.operator.api.FindingResource;
import io.meshdoctor.operator.api.FindingSummary;
import io.meshdoctor.operator.api.MeshSecurityDiagnosisStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a namespace's findings into the status of one MeshSecurityDiagnosis. Pure: given the same
 * findings and the previous status it returns an equal status, so an unchanged cluster makes no
 * write (first-seen times, transition times and the last change time are carried over).
 */
final class DiagnosisStatuses {
  static final String HEALTHY = "Healthy";
  static final String DEGRADED = "Degraded";
  static final String UNHEALTHY = "Unhealthy";
  static final String READY = "Ready";
  static final String HEALTHY_CONDITION = "Healthy";
  /** Longest message or remediation listed; findings quote what the cluster wrote, which may be megabytes. */
  static final int MAX_TEXT = 2048;
  /** UTF-8 bytes the listed findings may take, so the object stays well under the API server's 1.5 MiB whatever the cap. */
  static final int FINDINGS_BUDGET = 1024 * 1024;

  private DiagnosisStatuses() {}

  /** Inputs of one status computation. */
  record Request(
      List<Finding> findings,
      Collection<String> suppress,
      TrustDomain trustDomain,
      Long generation,
      MeshSecurityDiagnosisStatus previous,
      Instant now,
      int maxFindings,
      String docsBaseUrl) {}

  static MeshSecurityDiagnosisStatus build(Request request) {
    Map<String, Integer> suppressed = new TreeMap<>();
    List<Finding> shown = new ArrayList<>();
    for (Finding finding : request.findings()) {
      if (request.suppress().contains(finding.code().name())) {
        suppressed.merge(finding.code().name(), 1, Integer::sum);
      } else {
        shown.add(finding);
      }
    }
    shown.sort(Finding.ORDER);
    Optional<MeshSecurityDiagnosisStatus> previous = Optional.ofNullable(request.previous());
    Map<String, String> firstSeen = new HashMap<>();
    previous.ifPresent(p -> p.getFindings().forEach(f -> firstSeen.put(f.key(), f.getFirstSeen())));

    List<DiagnosisFinding> listed = new ArrayList<>();
    int budget = FINDINGS_BUDGET;
    for (Finding finding : shown) {
      if (listed.size() == request.maxFindings()) {
        break;
      }
      DiagnosisFinding entry = toEntry(finding, request.docsBaseUrl());
      int size = size(entry);
      if (size > budget) {
        break;
      }
      budget -= size;
      entry.setFirstSeen(firstSeen.getOrDefault(entry.key(), request.now().toString()));
      listed.add(entry);
    }
    FindingSummary summary = summary(shown);
    String health = summary.getErrors() > 0 ? UNHEALTHY : summary.getWarnings() > 0 ? DEGRADED : HEALTHY;
    String top = shown.isEmpty() ? null : shown.get(0).code().name();

    MeshSecurityDiagnosisStatus status = new MeshSecurityDiagnosisStatus();
    status.setObservedGeneration(request.generation());
    status.setHealth(health);
    status.setSummary(summary);
    status.setTopFinding(top);
    status.setTrustDomain(request.trustDomain().name());
    status.setFindings(listed);
    status.setOmittedFindings(shown.size() > listed.size() ? shown.size() - listed.size() : null);
    status.setSuppressed(suppressed.isEmpty() ? null : suppressed);

    String nowText = request.now().toString();
    Condition ready = condition(previous, READY, "True", "DiagnosisCurrent",
        "The diagnosis reflects generation " + request.generation() + " and the current cluster inputs", request.generation(), nowText);
    String healthyReason = top == null ? "NoFindings" : top;
    String healthyMessage = shown.isEmpty()
        ? "No findings"
        : health + ": " + summary.getErrors() + " error(s), " + summary.getWarnings() + " warning(s); " + top + ": "
            + shortened(shown.get(0).message());
    Condition healthy = condition(previous, HEALTHY_CONDITION, HEALTHY.equals(health) ? "True" : "False", healthyReason,
        healthyMessage, request.generation(), nowText);
    status.setConditions(List.of(ready, healthy));

    boolean contentChanged = previous.map(p -> !Objects.equals(p.getFindings(), listed)
            || !Objects.equals(p.getSummary(), summary)
            || !Objects.equals(p.getSuppressed(), status.getSuppressed())
            || !Objects.equals(p.getOmittedFindings(), status.getOmittedFindings()))
        .orElse(true);
    status.setLastChangeTime(contentChanged || previous.get().getLastChangeTime() == null ? nowText : previous.get().getLastChangeTime());
    return status;
  }

  private static DiagnosisFinding toEntry(Finding finding, String docsBaseUrl) {
    DiagnosisFinding entry = new DiagnosisFinding();
    entry.setCode(finding.code().name());
    entry.setSeverity(finding.severity().label());
    if (finding.resource() != null) {
      var ref = finding.resource();
      entry.setResource(new FindingResource(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name()));
    }
    entry.setMessage(shortened(finding.message()));
    entry.setRemediation(shortened(finding.remediation()));
    entry.setDocs(docsBaseUrl + finding.code().name() + ".md");
    return entry;
  }

  private static String shortened(String text) {
    if (text.length() <= MAX_TEXT) {
      return text;
    }
    // Never cut between the two halves of a surrogate pair: the JSON writer refuses a lone one.
    int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 2)) ? MAX_TEXT - 2 : MAX_TEXT - 1;
    return text.substring(0, end) + "…";
  }

  /** Serialized size of an entry in UTF-8, with room for the field names and timestamps. */
  private static int size(DiagnosisFinding entry) {
    int size = 256;
    for (String text : new String[] {entry.getMessage(), entry.getRemediation(), entry.getDocs(), entry.key()}) {
      size += text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  private static FindingSummary summary(List<Finding> findings) {
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    for (Finding finding : findings) {
      if (finding.severity() == Severity.ERROR) {
        errors++;
      } else if (finding.severity() == Severity.WARNING) {
        warnings++;
      } else {
        infos++;
      }
    }
    return new FindingSummary(errors, warnings, infos);
  }

  /** A condition whose transition time moves only when its status flips. */
  private static Condition condition(
      Optional<MeshSecurityDiagnosisStatus> previous, String type, String status, String reason, String message, Long generation, String now) {
    String transition = previous
        .flatMap(p -> p.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst())
        .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElse(now);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }
}
