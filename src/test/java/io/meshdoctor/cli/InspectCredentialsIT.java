package io.meshdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshdoctor.testing.CredentialsFixture;
import io.meshdoctor.testing.FakeMetadataServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs `inspect-credentials` from the packaged jar, as on a VM. */
class InspectCredentialsIT {
  private static final String NOW = CredentialsFixture.NOW.toString();

  @TempDir Path parent;

  record Result(int exit, String out, String err) {}

  private static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("meshdoctor.jar")));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void aHealthyLinkedDirectoryAndMetadataServerExitZero() throws Exception {
    Path link = CredentialsFixture.vm().writeLinked(parent, "workload-spiffe-credentials", CredentialsFixture.NOW.minusSeconds(600));
    try (FakeMetadataServer server = new FakeMetadataServer().replyToAll(200, CredentialsFixture.CONFIG_OK)) {
      Result result = run("inspect-credentials", link.toString(), "--metadata-server", server.uri().toString(), "--now", NOW);

      assertThat(result.err()).isEmpty();
      assertThat(result.exit()).isZero();
      assertThat(result.out()).startsWith("0 errors, 0 warnings, 0 infos; trust domain " + CredentialsFixture.VM_DOMAIN);
    }
  }

  @Test
  void aVmWithoutTheFeatureReportsWhy() throws Exception {
    try (FakeMetadataServer server = new FakeMetadataServer().replyToAll(404, FakeMetadataServer.FEATURE_NOT_ENABLED)) {
      Result result = run("inspect-credentials", parent.resolve("workload-spiffe-credentials").toString(),
          "--metadata-server", server.uri().toString(), "--now", NOW, "-o", "json");

      assertThat(result.exit()).isEqualTo(1);
      JsonNode report = new ObjectMapper().readTree(result.out());
      assertThat(report.path("findings").findValuesAsText("code")).containsExactly("MCD501", "MCD505");
    }
  }
}
