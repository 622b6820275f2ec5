package io.meshdoctor.bench;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.input.InputException;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parse versus analysis time of the offline analyzer on a synthetic cluster. The JIT is warmed on
 * one cluster; each measured run reads a cluster of another seed, so certificate parse caches are
 * as cold as in a single CLI run.
 */
public final class AnalysisBenchmark {
  /** Medians over the measured runs. */
  public record Figures(SyntheticCluster.Size size, long dumpBytes, double parseMillis, double analyseMillis, long peakHeapBytes, int findings) {
    public double ratio() {
      return analyseMillis / parseMillis;
    }
  }

  private AnalysisBenchmark() {}

  public static Figures run(SyntheticCluster.Size size, int warmups, int runs, Path work) throws IOException, InputException {
    List<Path> dumps = new ArrayList<>();
    for (int i = 0; i < 1 + runs; i++) {
      dumps.add(new SyntheticCluster(size, 1000 + i).writeTo(work.resolve("dump-" + i)));
    }
    for (int i = 0; i < warmups; i++) {
      measure(dumps.get(0));
    }
    List<Double> parse = new ArrayList<>();
    List<Double> analyse = new ArrayList<>();
    long peak = 0;
    int findings = 0;
    for (int i = 1; i <= runs; i++) {
      System.gc();
      resetPeaks();
      long[] times = new long[2];
      findings = measure(dumps.get(i), times);
      peak = Math.max(peak, peakHeap());
      parse.add(times[0] / 1e6);
      analyse.add(times[1] / 1e6);
    }
    return new Figures(size, Files.size(dumps.get(1)), median(parse), median(analyse), peak, findings);
  }

  private static void measure(Path dump) throws IOException, InputException {
    measure(dump, new long[2]);
  }

  /** Parses and analyses one dump; {@code times} receives parse and analysis nanoseconds. */
  private static int measure(Path dump, long[] times) throws InputException {
    long start = System.nanoTime();
    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(new ManifestReader().read(List.of(dump.toString()), InputStream.nullInputStream()), builder);
    ClusterSnapshot snapshot = builder.build();
    long parsed = System.nanoTime();
    AnalysisResult result = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), SyntheticCluster.NOW);
    long analysed = System.nanoTime();
    times[0] = parsed - start;
    times[1] = analysed - parsed;
    return result.findings().size();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        total += pool.getPeakUsage().getUsed();
      }
    }
    return total;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
