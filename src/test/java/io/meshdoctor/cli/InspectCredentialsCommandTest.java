package io.meshdoctor.cli;

import static io.meshdoctor.testing.CredentialsFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.meshdoctor.credentials.CredentialFile;
import io.meshdoctor.testing.CredentialsFixture;
import io.meshdoctor.testing.FakeMetadataServer;
import io.meshdoctor.testing.TestPki;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCredentialsCommandTest {
  private static final String PREFIX = "/computeMetadata/v1/instance/gce-workload-certificates/";

  @TempDir Path parent;

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out), new PrintWriter(err), InputStream.nullInputStream(), Clock.fixed(NOW, ZoneOffset.UTC));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path dir(CredentialsFixture fixture) {
    return fixture.writeTo(parent.resolve("workload-spiffe-credentials"));
  }

  private Path missing() {
    return parent.resolve("nothing-here");
  }

  private static JsonNode json(Run run) throws Exception {
    return new ObjectMapper().readTree(run.out());
  }

  private static List<String> codes(Run run) throws Exception {
    return json(run).path("findings").findValuesAsText("code");
  }

  @Test
  void aHealthyDirectoryExitsZero() {
    Run run = run("inspect-credentials", dir(CredentialsFixture.vm()).toString());

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("0 errors, 0 warnings, 0 infos; trust domain " + CredentialsFixture.VM_DOMAIN
        + " (inferred); analyzed at " + NOW + "\n");
  }

  @Test
  void theSymlinkLayoutIsHealthyToo() {
    Path link = CredentialsFixture.grpc().writeLinked(parent, "workload-spiffe-credentials", Instant.parse("2026-11-22T11:55:00Z"));

    assertThat(run("inspect-credentials", link.toString()).exit()).isZero();
  }

  @Test
  void errorsExitOneInEveryFormat() {
    for (String format : new String[] {"table", "json", "yaml", "sarif"}) {
      Run run = run("inspect-credentials", missing().toString(), "-o", format);
      assertThat(run.exit()).as(format).isEqualTo(1);
      assertThat(run.out()).as(format).contains("MCD501");
      assertThat(run.err()).as(format).isEmpty();
    }
  }

  @Test
  void theTableShowsFileResourcesAndTheGuidesCommands() {
    Run run = run("inspect-credentials", missing().toString());

    assertThat(run.out())
        .contains("Error     MCD501  -          Directory/" + missing())
        .contains("curl \"http://metadata.google.internal/computeMetadata/v1/instance/gce-workload-certificates/config-status\" -H \"Metadata-Flavor: Google\"")
        .contains("docs: docs/findings/MCD501.md")
        .endsWith("1 error, 0 warnings, 0 infos; trust domain unknown; analyzed at " + NOW + "\n");
  }

  @Test
  void failOnSetsTheThreshold() {
    TestPki.Cert old = TestPki.leaf(CredentialsFixture.VM_ID, TestPki.key("p256#wl-leaf"), CredentialsFixture.CA,
        NOW.minus(Duration.ofHours(20)), NOW.plus(Duration.ofHours(4)));
    String warningsOnly = dir(CredentialsFixture.vm().withLeaf(old)).toString();

    assertThat(run("inspect-credentials", warningsOnly).exit()).isZero();
    assertThat(run("inspect-credentials", warningsOnly, "--fail-on", "warning").exit()).isEqualTo(1);
    assertThat(run("inspect-credentials", warningsOnly, "--fail-on", "info").exit()).isEqualTo(1);
    assertThat(run("inspect-credentials", missing().toString(), "--fail-on", "none").exit()).isZero();
  }

  @Test
  void nowMovesTheClock() throws Exception {
    String healthy = dir(CredentialsFixture.vm()).toString();

    Run later = run("inspect-credentials", healthy, "--now", "2026-11-24T12:00:00Z", "-o", "json");

    assertThat(later.exit()).isEqualTo(1);
    assertThat(json(later).path("analyzedAt").asText()).isEqualTo("2026-11-24T12:00:00Z");
    assertThat(codes(later)).containsExactly("MCD508");
  }

  @Test
  void jsonNamesTheFilesAndTheLeafsTrustDomain() throws Exception {
    Path dir = dir(CredentialsFixture.vm().with(CredentialFile.PRIVATE_KEY, CredentialsFixture.pkcs8(TestPki.key("p256#stranger"))));

    Run run = run("inspect-credentials", dir.toString(), "-o", "json");

    JsonNode report = json(run);
    assertThat(report.path("trustDomain").path("name").asText()).isEqualTo(CredentialsFixture.VM_DOMAIN);
    assertThat(report.path("trustDomain").path("source").asText()).isEqualTo("inferred");
    assertThat(report.path("summary").path("errors").asInt()).isEqualTo(1);
    JsonNode finding = report.path("findings").get(0);
    assertThat(finding.path("code").asText()).isEqualTo("MCD510");
    assertThat(finding.path("severity").asText()).isEqualTo("Error");
    assertThat(finding.path("namespace").isNull()).isTrue();
    assertThat(finding.path("resource").path("apiVersion").isNull()).isTrue();
    assertThat(finding.path("resource").path("kind").asText()).isEqualTo("File");
    assertThat(finding.path("resource").path("namespace").isNull()).isTrue();
    assertThat(finding.path("resource").path("name").asText()).isEqualTo(dir.resolve("private_key.pem").toString());
    assertThat(finding.path("docs").asText()).isEqualTo("docs/findings/MCD510.md");
  }

  @Test
  void sarifValidatesAndPointsAtTheFiles() throws Exception {
    Path dir = dir(CredentialsFixture.vm()
        .with(CredentialFile.CA_CERTIFICATES, CredentialsFixture.OTHER_ROOT.pem())
        .with(CredentialFile.CONFIG_STATUS, "{\"status\": \"OK\", \"metadataAttributesErrors\": {\"x\": \"y\"}}"));

    Run run = run("inspect-credentials", dir.toString(), "-o", "sarif");

    assertThat(run.exit()).isEqualTo(1);
    JsonNode log = json(run);
    try (InputStream schema = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(log)).isEmpty();
    }
    JsonNode results = log.path("runs").get(0).path("results");
    assertThat(results).extracting(r -> r.path("ruleId").asText()).containsExactly("MCD503", "MCD507");
    assertThat(results).extracting(r -> r.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
        .containsExactly(dir.resolve("config_status").toString(), dir.resolve("ca_certificates.pem").toString());
    assertThat(results.get(0).path("level").asText()).isEqualTo("error");
  }

  @Test
  void malformedFilesAreFindingsNeverCrashes() throws Exception {
    Path dir = dir(CredentialsFixture.grpc()
        .with(CredentialFile.CONFIG_STATUS, "{\"status\": \"OK\", ")
        .with(CredentialFile.TRUST_BUNDLES, "{\"x\": {\"keys\": [{\"use\": \"x509-svid\", \"x5c\": [\"***\"]}]}}"));

    Run run = run("inspect-credentials", dir.toString(), "-o", "json");

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(codes(run)).containsExactly("MCD503", "MCD507");
  }

  @Test
  void theMetadataServersAnswersBecomeFindings() throws Exception {
    String absent = missing().toString();
    try (FakeMetadataServer notSupported = new FakeMetadataServer().replyToAll(404, FakeMetadataServer.NOT_FOUND_PAGE);
        FakeMetadataServer notEnabled = new FakeMetadataServer().replyToAll(404, FakeMetadataServer.FEATURE_NOT_ENABLED);
        FakeMetadataServer notConfigured = new FakeMetadataServer().replyToAll(412, "");
        FakeMetadataServer healthy = new FakeMetadataServer().replyToAll(200, CredentialsFixture.CONFIG_OK)) {
      assertThat(codes(run("inspect-credentials", absent, "--metadata-server", notSupported.uri().toString(), "-o", "json")))
          .containsExactly("MCD501", "MCD504");
      assertThat(codes(run("inspect-credentials", absent, "--metadata-server", notEnabled.uri().toString(), "-o", "json")))
          .containsExactly("MCD501", "MCD505");
      assertThat(codes(run("inspect-credentials", absent, "--metadata-server", notConfigured.uri().toString(), "-o", "json")))
          .containsExactly("MCD501", "MCD505");
      Run fine = run("inspect-credentials", dir(CredentialsFixture.vm()).toString(), "--metadata-server", healthy.uri() + "/");
      assertThat(fine.exit()).isZero();
      assertThat(healthy.requests()).extracting(FakeMetadataServer.Request::path)
          .containsExactly(PREFIX + "config-status", PREFIX + "workload-identities", PREFIX + "trust-anchors");
    }
  }

  @Test
  void anUnreachableMetadataServerExitsTwoWithOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Run run = run("inspect-credentials", dir(CredentialsFixture.vm()).toString(), "--metadata-server", "http://127.0.0.1:" + port, "-o", "json");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("mesh-cert-doctor: error: http://127.0.0.1:" + port + PREFIX + "config-status: cannot connect (");
  }

  @Test
  void aMetadataServerThatDoesNotAnswerExitsTwo() {
    try (FakeMetadataServer silent = new FakeMetadataServer().hang()) {
      Run run = run("inspect-credentials", missing().toString(), "--metadata-server", silent.uri().toString());

      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo("mesh-cert-doctor: error: " + silent.uri() + PREFIX
          + "config-status: no answer within 3000 ms (is this a Compute Engine VM?)\n");
    }
  }

  @Test
  void aFileInsteadOfADirectoryExitsTwo() throws Exception {
    Path file = Files.writeString(parent.resolve("certificates.pem"), "x");

    Run run = run("inspect-credentials", file.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("mesh-cert-doctor: error: " + file + ": not a directory\n");
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    String dir = missing().toString();
    for (String[] args : new String[][] {
        {"inspect-credentials", dir, "--metadata-server", "ftp://metadata.google.internal"},
        {"inspect-credentials", dir, "--metadata-server", "metadata.google.internal"},
        {"inspect-credentials", dir, "--metadata-server", "http://exa mple"},
        {"inspect-credentials", dir, "--fail-on", "sometimes"},
        {"inspect-credentials", dir, "-o", "xml"},
        {"inspect-credentials", dir, "--now", "yesterday"},
        {"inspect-credentials", dir, dir},
        {"inspect-credentials", "--frobnicate"}}) {
      Run run = run(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.out()).as(String.join(" ", args)).isEmpty();
      assertThat(run.err().lines()).as(String.join(" ", args)).hasSize(1);
    }
  }

  @Test
  void helpShowsTheDefaultDirectoryAndTheOptions() {
    Run run = run("inspect-credentials", "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("inspect-credentials").contains("[DIR]").contains("/var/run/secrets/workload-spiffe-credentials")
        .contains("--metadata-server=URL").contains("--output").contains("--now").contains("--fail-on").contains("Exit status:");
  }

  @Test
  void withoutADirectoryTheStandardPathIsInspected() throws Exception {
    Path standard = Path.of("/var/run/secrets/workload-spiffe-credentials");
    Assumptions.assumeFalse(Files.exists(standard), "this machine has workload credentials");

    Run run = run("inspect-credentials", "-o", "json");

    assertThat(json(run).path("findings").get(0).path("resource").path("name").asText()).isEqualTo(standard.toString());
    assertThat(codes(run)).containsExactly("MCD501");
  }

  @Test
  void theCommandIsListedInTheTopLevelUsage() {
    assertThat(run().err()).contains("inspect-credentials");
  }
}
