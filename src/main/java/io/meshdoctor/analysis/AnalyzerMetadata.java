package io.meshdoctor.analysis;

import io.meshdoctor.snapshot.InputKind;
import java.util.Set;

/**
 * What an analyzer is: a name `area.Type`, a one-line description, the input kinds it reads and
 * the codes it raises.
 */
public record AnalyzerMetadata(String name, String description, Set<InputKind> inputs, Set<FindingCode> codes) {
  public AnalyzerMetadata {
    inputs = Set.copyOf(inputs);
    codes = Set.copyOf(codes);
  }
}
