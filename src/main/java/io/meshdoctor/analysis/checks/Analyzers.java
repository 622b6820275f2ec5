package io.meshdoctor.analysis.checks;

import io.meshdoctor.analysis.Analysis;
import io.meshdoctor.analysis.Analyzer;
import java.util.List;

/** The registry of every analyzer, in report order of their code sections. */
public final class Analyzers {
  private Analyzers() {}

  public static List<Analyzer> all() {
    return List.of(
        new CompletenessAnalyzer(),
        new GkeConfigAnalyzer(),
        new TrustConfigAnalyzer(),
        new CsrAnalyzer(),
        new PodMountAnalyzer(),
        new InjectorWebhookAnalyzer(),
        new MeshRootAnalyzer());
  }

  /** The analysis with every analyzer. */
  public static Analysis engine() {
    return new Analysis(all());
  }
}
