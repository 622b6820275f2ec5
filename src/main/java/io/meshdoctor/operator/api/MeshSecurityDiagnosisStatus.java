package io.meshdoctor.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The diagnosis. Written only when its content changes: no field moves on a resync with unchanged
 * inputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeshSecurityDiagnosisStatus {
  @JsonPropertyDescription("The metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription("Healthy (no findings above Info), Degraded (warnings only) or Unhealthy (any error).")
  private String health;

  private FindingSummary summary;

  @JsonPropertyDescription("Code of the most severe finding.")
  private String topFinding;

  @JsonPropertyDescription("The cluster's SPIFFE trust domain the checks used, when known.")
  private String trustDomain;

  @JsonPropertyDescription("Findings, most severe first, capped; summary counts all of them.")
  private List<DiagnosisFinding> findings = new ArrayList<>();

  @JsonPropertyDescription("Number of findings left out of findings because of the cap.")
  private Integer omittedFindings;

  @JsonPropertyDescription("Counts of findings left out because spec.suppress names their code.")
  private Map<String, Integer> suppressed;

  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("When the findings last changed.")
  private String lastChangeTime;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getHealth() {
    return health;
  }

  public void setHealth(String health) {
    this.health = health;
  }

  public FindingSummary getSummary() {
    return summary;
  }

  public void setSummary(FindingSummary summary) {
    this.summary = summary;
  }

  public String getTopFinding() {
    return topFinding;
  }

  public void setTopFinding(String topFinding) {
    this.topFinding = topFinding;
  }

  public String getTrustDomain() {
    return trustDomain;
  }

  public void setTrustDomain(String trustDomain) {
    this.trustDomain = trustDomain;
  }

  public List<DiagnosisFinding> getFindings() {
    return findings;
  }

  public void setFindings(List<DiagnosisFinding> findings) {
    this.findings = findings == null ? new ArrayList<>() : findings;
  }

  public Integer getOmittedFindings() {
    return omittedFindings;
  }

  public void setOmittedFindings(Integer omittedFindings) {
    this.omittedFindings = omittedFindings;
  }

  public Map<String, Integer> getSuppressed() {
    return suppressed;
  }

  public void setSuppressed(Map<String, Integer> suppressed) {
    this.suppressed = suppressed == null ? null : new TreeMap<>(suppressed);
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public String getLastChangeTime() {
    return lastChangeTime;
  }

  public void setLastChangeTime(String lastChangeTime) {
    this.lastChangeTime = lastChangeTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeshSecurityDiagnosisStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(health, s.health)
        && Objects.equals(summary, s.summary)
        && Objects.equals(topFinding, s.topFinding)
        && Objects.equals(trustDomain, s.trustDomain)
        && Objects.equals(findings, s.findings)
        && Objects.equals(omittedFindings, s.omittedFindings)
        && Objects.equals(suppressed, s.suppressed)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(lastChangeTime, s.lastChangeTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, health, summary, topFinding, trustDomain, findings, omittedFindings, suppressed, conditions, lastChangeTime);
  }
}
