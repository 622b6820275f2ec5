package io.meshdoctor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs the benchmarks and prints their figures: `mvn -B -Pbench verify` (or with
 * `-Dbench.args="analysis --namespaces 100"`). Arguments: `analysis`, `scaling`, `operator` or
 * `all` (default), then `--namespaces N` (default 1000), `--runs N` (default 5), `--trials N` (FailedMount
 * reaction trials, default 100), `--wcc-trials N` (WorkloadCertificateConfig deletion trials, default
 * `--trials`; each one rewrites every diagnosis twice) and `--idle-seconds N` (default 300).
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
    int namespaces = option(args, "--namespaces", 1000);
    int runs = option(args, "--runs", 5);
    int trials = option(args, "--trials", 100);
    int wccTrials = option(args, "--wcc-trials", trials);
    int idleSeconds = option(args, "--idle-seconds", 300);
    Path work = Files.createTempDirectory("mesh-cert-doctor-bench");
    System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB, %s %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    if (what.equals("analysis") || what.equals("all")) {
      print(AnalysisBenchmark.run(SyntheticCluster.Size.scaled(namespaces), 2, runs, work.resolve("analysis")));
    }
    if (what.equals("scaling") || what.equals("all")) {
      System.out.println("namespaces | pods | CSRs | events | dump MiB | parse ms | analysis ms | ratio | peak heap MiB");
      for (int size : new int[] {100, 1000, 5000}) {
        AnalysisBenchmark.Figures figures = AnalysisBenchmark.run(SyntheticCluster.Size.scaled(size), 1, Math.max(1, runs / 2), work.resolve("scaling-" + size));
        System.out.printf(Locale.ROOT, "%d | %d | %d | %d | %.1f | %.0f | %.0f | %.2f | %d%n", size, figures.size().pods(), figures.size().csrs(),
            figures.size().events(), figures.dumpBytes() / 1048576.0, figures.parseMillis(), figures.analyseMillis(), figures.ratio(),
            figures.peakHeapBytes() >> 20);
      }
    }
    if (what.equals("operator") || what.equals("all")) {
      System.out.println(OperatorBenchmark.run(SyntheticCluster.Size.scaled(namespaces), trials, wccTrials, idleSeconds, work.resolve("operator")).report());
    }
  }

  static void print(AnalysisBenchmark.Figures figures) {
    System.out.printf(Locale.ROOT,
        "analysis: %d namespaces, %d pods, %d CSRs, %d events (%.1f MiB of YAML): parse %.0f ms, analysis %.0f ms, ratio %.2f, peak heap %d MiB, %d findings%n",
        figures.size().namespaces(), figures.size().pods(), figures.size().csrs(), figures.size().events(), figures.dumpBytes() / 1048576.0,
        figures.parseMillis(), figures.analyseMillis(), figures.ratio(), figures.peakHeapBytes() >> 20, figures.findings());
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
