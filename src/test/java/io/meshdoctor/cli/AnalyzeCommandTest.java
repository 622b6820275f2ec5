package io.meshdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshdoctor.testing.ApiServer;
import io.meshdoctor.testing.MeshFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out), new PrintWriter(err), stdin, Clock.fixed(MeshFixture.NOW, ZoneOffset.UTC));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  private Path dump(MeshFixture fixture) throws Exception {
    Path file = dir.resolve("dump.yaml");
    Files.writeString(file, fixture.yaml());
    return file;
  }

  private static final MeshFixture BROKEN = MeshFixture.healthy().remove("wcc/default");

  @Test
  void healthyDumpExitsZero() throws Exception {
    Run run = run("analyze", "-f", dump(MeshFixture.healthy()).toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("0 errors, 0 warnings, 0 infos; trust domain my-proj.svc.id.goog (inferred)");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void errorsExitOneInEveryFormat() throws Exception {
    String file = dump(BROKEN).toString();
    for (String format : new String[] {"table", "json", "yaml", "sarif"}) {
      Run run = run("analyze", "-f", file, "-o", format);
      assertThat(run.exit()).as(format).isEqualTo(1);
      assertThat(run.out()).as(format).contains("MCD102");
    }
  }

  @Test
  void failOnSetsTheThreshold() throws Exception {
    MeshFixture warningsOnly = MeshFixture.healthy().put("wcc/other",
        MeshFixture.workloadCertificateConfig("other", "certificateAuthorityConfig: {meshCAConfig: {}}", null));
    String file = dump(warningsOnly).toString();

    assertThat(run("analyze", "-f", file).exit()).isZero();
    assertThat(run("analyze", "-f", file, "--fail-on", "warning").exit()).isEqualTo(1);
    assertThat(run("analyze", "-f", file, "--fail-on", "info").exit()).isEqualTo(1);
    assertThat(run("analyze", "-f", dump(BROKEN).toString(), "--fail-on", "none").exit()).isZero();
  }

  @Test
  void namespaceFilterKeepsClusterFindings() throws Exception {
    MeshFixture fixture = BROKEN.put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending"))
        .put("event", MeshFixture.failedMount("shop", "cart-1", "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : caPEM is nil", 1, MeshFixture.NOW));
    String file = dump(fixture).toString();

    JsonNode shop = new ObjectMapper().readTree(run("analyze", "-f", file, "-o", "json", "-n", "shop").out());
    JsonNode other = new ObjectMapper().readTree(run("analyze", "-f", file, "-o", "json", "-n", "billing").out());

    assertThat(shop.path("findings")).extracting(f -> f.path("code").asText()).containsExactly("MCD102", "MCD301");
    assertThat(other.path("findings")).extracting(f -> f.path("code").asText()).containsExactly("MCD102");
    assertThat(other.path("summary").path("errors").asInt()).isEqualTo(1);
  }

  @Test
  void nowMovesTheClock() throws Exception {
    String file = dump(MeshFixture.healthy()).toString();

    Run later = run("analyze", "-f", file, "--now", "2026-11-23T12:00:00Z", "-o", "json");

    assertThat(later.exit()).isEqualTo(1);
    assertThat(later.out()).contains("\"analyzedAt\" : \"2026-11-23T12:00:00Z\"").contains("MCD205");
  }

  @Test
  void trustDomainAndSignerFlagsReachTheAnalysis() throws Exception {
    String file = dump(MeshFixture.healthy()).toString();

    Run other = run("analyze", "-f", file, "--trust-domain", "prod.svc.id.goog", "-o", "json");
    assertThat(other.out()).contains("\"source\" : \"flag\"").contains("MCD113").contains("MCD208");

    Run noSigner = run("analyze", "-f", file, "--signer-name", "example.com/other", "-o", "json");
    assertThat(noSigner.out()).contains("\"source\" : \"unknown\"").doesNotContain("csr-cart-1");
  }

  @Test
  void stdinIsReadWithDash() throws Exception {
    Run run = run(new ByteArrayInputStream(BROKEN.yaml().getBytes(StandardCharsets.UTF_8)), "analyze", "-f", "-", "-o", "json");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("MCD102");
  }

  @Test
  void syntaxErrorExitsTwoWithOneLineNamingFileAndLineAndNothingOnStdout() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n");

    for (String format : new String[] {"table", "json", "sarif"}) {
      Run run = run("analyze", "-f", file.toString(), "-o", format);
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().lines()).singleElement().asString().startsWith("mesh-cert-doctor: error: " + file + ":");
    }
  }

  @Test
  void unreadablePathExitsTwo() {
    Run run = run("analyze", "-f", "/no/such/dump.yaml");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("mesh-cert-doctor: error: /no/such/dump.yaml: no such file or directory\n");
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    for (String[] args : new String[][] {
        {"analyze", "--frobnicate"}, {"analyze", "-o", "xml", "-f", "x"}, {"analyze", "--now", "yesterday", "-f", "x"},
        {"analyze", "--fail-on", "sometimes", "-f", "x"}, {"analyze", "--stale-after", "soon", "-f", "x"}}) {
      Run run = run(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().lines()).as(String.join(" ", args)).hasSize(1);
    }
  }

  @Test
  void withoutACommandTheUsageIsShownAndTheExitIsTwo() {
    Run run = run();

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("analyze").contains("version");
  }

  @Test
  void runDocumentsEveryEnvironmentVariableAndRejectsBadValues() {
    Run help = run("run", "--help");
    assertThat(help.exit()).isZero();
    for (String variable : new String[] {"MESH_CERT_DOCTOR_TRUST_DOMAIN", "MESH_CERT_DOCTOR_SIGNER_NAMES", "MESH_CERT_DOCTOR_NAMESPACE_SELECTOR",
        "MESH_CERT_DOCTOR_EXCLUDE_NAMESPACES", "MESH_CERT_DOCTOR_STALE_AFTER", "MESH_CERT_DOCTOR_LEADER_ELECTION", "MESH_CERT_DOCTOR_LOG_FORMAT",
        "MESH_CERT_DOCTOR_PORT", "POD_NAMESPACE"}) {
      assertThat(help.out()).contains(variable);
    }

    Run bad = run("run", "--max-findings", "many");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines()).hasSize(1);
  }

  @Test
  void versionPrintsTheVersion() {
    Run run = run("version");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).matches("mesh-cert-doctor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
  }

  @Test
  void liveModeReadsTheClusterOfTheKubeconfig() throws Exception {
    try (ApiServer server = new ApiServer(); KubernetesClient client = server.client()) {
      for (HasMetadata object : client.load(new ByteArrayInputStream(BROKEN.remove("crds").remove("tc/default").yaml().getBytes())).items()) {
        client.resource(object).create();
      }
      Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));

      Run run = run("analyze", "--kubeconfig", kubeconfig.toString(), "-o", "json");

      assertThat(run.err()).isEmpty();
      assertThat(run.exit()).isEqualTo(1);
      JsonNode findings = new ObjectMapper().readTree(run.out()).path("findings");
      assertThat(findings).extracting(f -> f.path("code").asText()).containsExactly("MCD102", "MCD111");
    }
  }
}
