package io.meshdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.TrustDomain;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableReportTest {
  @Test
  void linesThenHintsThenSummary() {
    ReportFixture fixture = new ReportFixture();

    List<String> lines = TableReport.render(fixture.result).lines().toList();

    assertThat(lines.get(0)).matches("SEVERITY\\s+CODE\\s+NAMESPACE\\s+RESOURCE\\s+MESSAGE");
    assertThat(lines.get(1)).matches("Error\\s+MCD102\\s+-\\s+WorkloadCertificateConfig/default\\s+Mesh certificates are in use.*");
    assertThat(lines.get(2)).matches("Error\\s+MCD301\\s+shop\\s+Pod/cart-1\\s+Pod shop/cart-1 cannot mount.*");
    int columnOfCode = lines.get(0).indexOf("CODE");
    assertThat(lines.subList(1, 5)).allSatisfy(line -> assertThat(line.indexOf("MCD")).isEqualTo(columnOfCode));
    assertThat(lines).contains("Hints:");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  2. MCD301 shop/Pod/cart-1: "));
    assertThat(lines).contains("     docs: docs/findings/MCD301.md");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("3 errors, 0 warnings, 1 info; trust domain my-proj.svc.id.goog (inferred); analyzed at 2026-11-22T12:00:00Z");
  }

  @Test
  void noFindingsIsJustTheSummary() {
    AnalysisResult empty = new AnalysisResult(Instant.parse("2026-11-22T12:00:00Z"), TrustDomain.unknown(), List.of());

    assertThat(TableReport.render(empty)).isEqualTo("0 errors, 0 warnings, 0 infos; trust domain unknown; analyzed at 2026-11-22T12:00:00Z\n");
  }
}
