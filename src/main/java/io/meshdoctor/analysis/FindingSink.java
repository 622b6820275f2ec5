package io.meshdoctor.analysis;

/** Where analyzers report. */
@FunctionalInterface
public interface FindingSink {
  void report(Finding finding);
}
