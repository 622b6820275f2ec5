package io.meshdoctor.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.input.InputException;
import io.meshdoctor.input.LiveSnapshotLoader;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `analyze`: one analysis of manifests or of the live cluster. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Diagnoses GKE mesh certificates and Istio injector webhooks once.",
      "Reads manifests with -f (files, directories, '-' for stdin), otherwise the live cluster."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on",
      "1:at least one finding at or above --fail-on",
      "2:bad usage or unreadable input"
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "PATH",
      description = "Manifest file or directory (recursive; .yaml, .yml, .json); '-' reads stdin. Repeatable.")
  List<String> files = List.of();

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Show only findings of this namespace (and cluster-wide ones).")
  String namespace;

  @Option(names = "--trust-domain", paramLabel = "NAME", description = "The cluster's SPIFFE trust domain, e.g. PROJECT_ID.svc.id.goog (default: inferred).")
  String trustDomain;

  @Option(
      names = "--signer-name",
      paramLabel = "NAME",
      description = "CSR signer to inspect (repeatable; default: " + AnalysisSettings.DEFAULT_SIGNER + ").")
  List<String> signerNames = List.of();

  @Option(
      names = "--stale-after",
      paramLabel = "DURATION",
      description = "How long a pending state may last before it is reported (default: 15m).",
      converter = DurationConverter.class)
  Duration staleAfter = AnalysisSettings.DEFAULT_STALE_AFTER;

  @Option(
      names = "--expiring-soon",
      paramLabel = "DURATION",
      description = "How far ahead roots and CA bundles count as expiring (default: 30d).",
      converter = DurationConverter.class)
  Duration expiringSoon = AnalysisSettings.DEFAULT_EXPIRING_SOON;

  @Mixin ReportOptions report;
  @Mixin ClusterOptions cluster;

  private final Clock clock;
  private final InputStream stdin;

  AnalyzeCommand(Clock clock, InputStream stdin) {
    this.clock = clock;
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws InputException {
    report.validate();
    AnalysisSettings settings = settings();
    ClusterSnapshot snapshot = files.isEmpty() ? liveSnapshot(settings) : fileSnapshot();
    AnalysisResult result = Analyzers.engine().run(snapshot, settings, report.now(clock));
    if (namespace != null) {
      result = result.limitedTo(namespace);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.render(result, snapshot.origins()));
    out.flush();
    return report.exitCode(result);
  }

  private AnalysisSettings settings() {
    Set<String> signers = signerNames.isEmpty() ? Set.of(AnalysisSettings.DEFAULT_SIGNER) : new LinkedHashSet<>(signerNames);
    if (staleAfter.isNegative() || expiringSoon.isNegative()) {
      throw new UsageException("durations must not be negative");
    }
    return AnalysisSettings.defaults()
        .withTrustDomain(trustDomain, TrustDomain.Source.FLAG)
        .withSignerNames(signers)
        .withThresholds(staleAfter, expiringSoon);
  }

  private ClusterSnapshot fileSnapshot() throws InputException {
    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(new ManifestReader().read(files, stdin), builder);
    return builder.build();
  }

  private ClusterSnapshot liveSnapshot(AnalysisSettings settings) throws InputException {
    try (KubernetesClient client = cluster.client()) {
      return new LiveSnapshotLoader(client, settings.signerNames()).load();
    }
  }
}
