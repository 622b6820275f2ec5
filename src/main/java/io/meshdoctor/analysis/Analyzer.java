package io.meshdoctor.analysis;

/** One family of checks. Reads the snapshot through the context and reports findings. */
public interface Analyzer {
  AnalyzerMetadata metadata();

  void analyze(AnalysisContext context, FindingSink sink);
}
