package io.meshdoctor.credentials;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.Origin;
import java.util.Map;

/** The findings of one inspection and the file each finding's resource stands for (for SARIF). */
public record Inspection(AnalysisResult result, Map<ObjectRef, Origin> origins) {
  public Inspection {
    origins = Map.copyOf(origins);
  }
}
