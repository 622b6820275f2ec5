package io.meshdoctor.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One finding as the status lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosisFinding {
  @JsonPropertyDescription("Finding code, e.g. MCD301; see docs.")
  private String code;

  @JsonPropertyDescription("Error, Warning or Info.")
  private String severity;

  private FindingResource resource;
  private String message;
  private String remediation;
  private String docs;

  @JsonPropertyDescription("When the operator first saw this finding; kept while it persists.")
  private String firstSeen;

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getSeverity() {
    return severity;
  }

  public void setSeverity(String severity) {
    this.severity = severity;
  }

  public FindingResource getResource() {
    return resource;
  }

  public void setResource(FindingResource resource) {
    this.resource = resource;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRemediation() {
    return remediation;
  }

  public void setRemediation(String remediation) {
    this.remediation = remediation;
  }

  public String getDocs() {
    return docs;
  }

  public void setDocs(String docs) {
    this.docs = docs;
  }

  public String getFirstSeen() {
    return firstSeen;
  }

  public void setFirstSeen(String firstSeen) {
    this.firstSeen = firstSeen;
  }

  /** Identity of a finding across analyses: code and resource (messages may change). */
  public String key() {
    return code + "|" + (resource == null ? "" : resource.key());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiagnosisFinding f
        && Objects.equals(code, f.code)
        && Objects.equals(severity, f.severity)
        && Objects.equals(resource, f.resource)
        && Objects.equals(message, f.message)
        && Objects.equals(remediation, f.remediation)
        && Objects.equals(docs, f.docs)
        && Objects.equals(firstSeen, f.firstSeen);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, severity, resource, message, remediation, docs, firstSeen);
  }
}
