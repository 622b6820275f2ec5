package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.operator.api.MeshSecurityDiagnosisStatus;
import io.meshdoctor.snapshot.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisStatusesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T11:50:00Z");
  private static final Instant T1 = Instant.parse("2026-11-22T12:00:00Z");
  private static final TrustDomain DOMAIN = new TrustDomain("my-proj.svc.id.goog", TrustDomain.Source.INFERRED);

  private static Finding mount(String pod) {
    return FindingCode.MCD301.at(new ObjectRef("v1", "Pod", "shop", pod), "Pod shop/" + pod + " cannot mount", "fix");
  }

  private static Finding inactive() {
    return FindingCode.MCD108.at(new ObjectRef("security.cloud.google.com/v1", "TrustConfig", null, "old"), "not default", "rename");
  }

  private static MeshSecurityDiagnosisStatus build(List<Finding> findings, List<String> suppress, MeshSecurityDiagnosisStatus previous, Instant now, int max) {
    return DiagnosisStatuses.build(new DiagnosisStatuses.Request(findings, suppress, DOMAIN, 2L, previous, now, max, "https://docs.example/findings/"));
  }

  @Test
  void healthSummaryTopFindingAndConditions() {
    MeshSecurityDiagnosisStatus status = build(List.of(inactive(), mount("a")), List.of(), null, T0, 100);

    assertThat(status.getHealth()).isEqualTo("Unhealthy");
    assertThat(status.getSummary().getErrors()).isEqualTo(1);
    assertThat(status.getSummary().getWarnings()).isEqualTo(1);
    assertThat(status.getTopFinding()).isEqualTo("MCD301");
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(status.getTrustDomain()).isEqualTo("my-proj.svc.id.goog");
    assertThat(status.getFindings()).extracting(f -> f.getCode()).containsExactly("MCD301", "MCD108");
    assertThat(status.getFindings().get(0).getDocs()).isEqualTo("https://docs.example/findings/MCD301.md");
    assertThat(status.getFindings().get(0).getFirstSeen()).isEqualTo(T0.toString());
    assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "@" + c.getObservedGeneration())
        .containsExactly("Ready=True/DiagnosisCurrent@2", "Healthy=False/MCD301@2");
    assertThat(status.getLastChangeTime()).isEqualTo(T0.toString());
  }

  @Test
  void warningsOnlyIsDegradedAndNoFindingsIsHealthy() {
    assertThat(build(List.of(inactive()), List.of(), null, T0, 100).getHealth()).isEqualTo("Degraded");
    MeshSecurityDiagnosisStatus clean = build(List.of(), List.of(), null, T0, 100);
    assertThat(clean.getHealth()).isEqualTo("Healthy");
    assertThat(clean.getTopFinding()).isNull();
    assertThat(clean.getConditions().get(1).getReason()).isEqualTo("NoFindings");
  }

  @Test
  void unchangedInputsGiveAnEqualStatusSoNothingIsWritten() {
    MeshSecurityDiagnosisStatus first = build(List.of(mount("a"), inactive()), List.of(), null, T0, 100);

    MeshSecurityDiagnosisStatus again = build(List.of(mount("a"), inactive()), List.of(), first, T1, 100);

    assertThat(again).isEqualTo(first);
  }

  @Test
  void firstSeenSurvivesAndTransitionsMoveOnlyOnFlips() {
    MeshSecurityDiagnosisStatus first = build(List.of(mount("a")), List.of(), null, T0, 100);

    MeshSecurityDiagnosisStatus second = build(List.of(mount("a"), mount("b")), List.of(), first, T1, 100);

    assertThat(second.getFindings()).extracting(f -> f.getResource().getName() + "@" + f.getFirstSeen())
        .containsExactly("a@" + T0, "b@" + T1);
    assertThat(second.getConditions()).allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString()));
    assertThat(second.getLastChangeTime()).isEqualTo(T1.toString());

    MeshSecurityDiagnosisStatus healed = build(List.of(), List.of(), second, T1.plusSeconds(60), 100);
    assertThat(healed.getConditions().get(1).getStatus()).isEqualTo("True");
    assertThat(healed.getConditions().get(1).getLastTransitionTime()).isEqualTo(T1.plusSeconds(60).toString());
    assertThat(healed.getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void capKeepsTheMostSevereAndTheSummaryCountsAll() {
    List<Finding> findings = new ArrayList<>();
    findings.add(inactive());
    for (int i = 0; i < 10; i++) {
      findings.add(mount("pod-" + i));
    }

    MeshSecurityDiagnosisStatus status = build(findings, List.of(), null, T0, 5);

    assertThat(status.getFindings()).hasSize(5).allSatisfy(f -> assertThat(f.getCode()).isEqualTo("MCD301"));
    assertThat(status.getOmittedFindings()).isEqualTo(6);
    assertThat(status.getSummary().getErrors()).isEqualTo(10);
    assertThat(status.getSummary().getWarnings()).isEqualTo(1);
  }

  @Test
  void suppressedCodesAreCountedNotListed() {
    MeshSecurityDiagnosisStatus status = build(List.of(mount("a"), mount("b"), inactive()), List.of("MCD301"), null, T0, 100);

    assertThat(status.getFindings()).extracting(f -> f.getCode()).containsExactly("MCD108");
    assertThat(status.getSuppressed()).containsExactlyEntriesOf(java.util.Map.of("MCD301", 2));
    assertThat(status.getHealth()).isEqualTo("Degraded");
  }

  @Test
  void longTextIsShortenedWithoutSplittingACharacter() throws Exception {
    // 2,046 letters, then characters outside the BMP: the cut falls inside a surrogate pair.
    String quoted = "a".repeat(2046) + "\uD83D\uDD12".repeat(10);
    Finding finding = FindingCode.MCD301.at(new ObjectRef("v1", "Pod", "shop", "a"), quoted, quoted);

    MeshSecurityDiagnosisStatus status = build(List.of(finding), List.of(), null, T0, 100);

    String message = status.getFindings().get(0).getMessage();
    assertThat(message).isEqualTo("a".repeat(2046) + "…");
    assertThat(status.getFindings().get(0).getRemediation()).isEqualTo(message);
    // The status serializes: no lone surrogate for the JSON writer to refuse.
    assertThat(new ObjectMapper().writeValueAsString(status)).contains("aaa…");
  }
}
