package io.meshdoctor.cli;

import io.meshdoctor.credentials.CredentialsDirectory;
import io.meshdoctor.credentials.CredentialsInspector;
import io.meshdoctor.credentials.DirectoryContents;
import io.meshdoctor.credentials.Inspection;
import io.meshdoctor.credentials.MetadataServer;
import io.meshdoctor.input.InputException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `inspect-credentials`: troubleshoots a workload-credentials directory on a VM or in a pod. */
@Command(
    name = "inspect-credentials",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Troubleshoots a workload-credentials directory on a Compute Engine VM or in a GKE pod: presence, config_status,"
          + " certificate and key, SPIFFE ID form, trust bundle, validity and rotation.",
      "With --metadata-server, also asks the VM's metadata server whether managed workload identity is supported and enabled."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on",
      "1:at least one finding at or above --fail-on",
      "2:bad usage, unreadable directory or unreachable metadata server"
    })
final class InspectCredentialsCommand implements Callable<Integer> {
  static final String DEFAULT_DIR = "/var/run/secrets/workload-spiffe-credentials";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = DEFAULT_DIR,
      description = "The credentials directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--metadata-server",
      paramLabel = "URL",
      description = "Also query this metadata server's gce-workload-certificates endpoints (on a VM: http://metadata.google.internal).")
  String metadataServer;

  @Mixin ReportOptions report;

  private final Clock clock;

  InspectCredentialsCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws InputException {
    report.validate();
    URI server = metadataServer == null ? null : serverUri(metadataServer);
    DirectoryContents contents = new CredentialsDirectory().read(dir);
    List<MetadataServer.Answer> answers = server == null ? List.of() : new MetadataServer(server, MetadataServer.DEFAULT_TIMEOUT).query();
    Inspection inspection = CredentialsInspector.inspect(contents, answers, report.now(clock));
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.render(inspection.result(), inspection.origins()));
    out.flush();
    return report.exitCode(inspection.result());
  }

  private static URI serverUri(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw notAUrl(text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw notAUrl(text);
    }
    return uri;
  }

  private static UsageException notAUrl(String text) {
    return new UsageException("--metadata-server: '" + text + "' is not an http:// or https:// URL (example: http://metadata.google.internal)");
  }
}
