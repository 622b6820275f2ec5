package io.meshdoctor.report;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Human output: one line per finding (`SEVERITY CODE NAMESPACE RESOURCE MESSAGE`), then the
 * remediation hints numbered like the lines, then a summary line.
 */
public final class TableReport {
  private TableReport() {}

  public static String render(AnalysisResult result) {
    StringBuilder out = new StringBuilder();
    List<Finding> findings = result.findings();
    if (!findings.isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"SEVERITY", "CODE", "NAMESPACE", "RESOURCE", "MESSAGE"});
      for (Finding finding : findings) {
        rows.add(new String[] {
          finding.severity().label(),
          finding.code().name(),
          finding.namespace() == null ? "-" : finding.namespace(),
          finding.resource() == null ? "-" : finding.resource().display(),
          finding.message()
        });
      }
      int[] widths = new int[4];
      for (String[] row : rows) {
        for (int i = 0; i < widths.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        for (int i = 0; i < widths.length; i++) {
          out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
        }
        out.append(row[4]).append('\n');
      }
      out.append("\nHints:\n");
      for (int i = 0; i < findings.size(); i++) {
        Finding finding = findings.get(i);
        String target = finding.resource() == null ? "" : " " + finding.resource().qualified();
        out.append(String.format("%3d. %s%s: %s%n     docs: %s%n", i + 1, finding.code().name(), target, finding.remediation(), finding.code().docsPath()));
      }
      out.append('\n');
    }
    AnalysisResult.Summary summary = result.summary();
    String trustDomain = result.trustDomain().known()
        ? result.trustDomain().name() + " (" + result.trustDomain().source().label() + ")"
        : "unknown";
    out.append(String.format(
        "%d error%s, %d warning%s, %d info%s; trust domain %s; analyzed at %s%n",
        summary.errors(), summary.errors() == 1 ? "" : "s",
        summary.warnings(), summary.warnings() == 1 ? "" : "s",
        summary.infos(), summary.infos() == 1 ? "" : "s",
        trustDomain, result.analyzedAt()));
    return out.toString();
  }
}
