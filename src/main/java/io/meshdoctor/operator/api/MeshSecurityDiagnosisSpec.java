package io.meshdoctor.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the namespace owner asks of the diagnosis. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class MeshSecurityDiagnosisSpec {
  @JsonPropertyDescription("Finding codes (e.g. MCD408) left out of status.findings; they are still counted under status.suppressed.")
  private List<String> suppress = new ArrayList<>();

  public List<String> getSuppress() {
    return suppress;
  }

  public void setSuppress(List<String> suppress) {
    this.suppress = suppress == null ? new ArrayList<>() : suppress;
  }
}
