package io.meshdoctor.analysis;

import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs analyzers over a snapshot and returns their findings in the stable order. */
public final class Analysis {
  private final List<Analyzer> analyzers;

  public Analysis(List<Analyzer> analyzers) {
    this.analyzers = List.copyOf(analyzers);
  }

  public List<Analyzer> analyzers() {
    return analyzers;
  }

  public AnalysisResult run(ClusterSnapshot snapshot, AnalysisSettings settings, Instant now) {
    return run(new AnalysisContext(snapshot, settings, now));
  }

  AnalysisResult run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Analyzer analyzer : analyzers) {
      analyzer.analyze(context, findings::add);
    }
    findings.sort(Finding.ORDER);
    return new AnalysisResult(context.now(), context.trustDomain(), List.copyOf(findings));
  }

  /** Runs each analyzer separately and returns the input kinds each one read (for meta-tests). */
  public Map<String, Set<InputKind>> inputsRead(ClusterSnapshot snapshot, AnalysisSettings settings, Instant now) {
    Map<String, Set<InputKind>> reads = new LinkedHashMap<>();
    for (Analyzer analyzer : analyzers) {
      AnalysisContext context = new AnalysisContext(snapshot, settings, now);
      Set<InputKind> kinds = EnumSet.noneOf(InputKind.class);
      context.recordReadsInto(kinds);
      analyzer.analyze(context, finding -> {});
      reads.put(analyzer.metadata().name(), kinds);
    }
    return reads;
  }
}
