package io.meshdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshdoctor.testing.CredentialsFixture;
import io.meshdoctor.testing.FakeMetadataServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs `inspect-credentials` from the packaged jar, as on a VM. */
class InspectCredentialsIT {
  private static final String NOW = CredentialsFixture.NOW.toString();

  @TempDir Path parent;

  @Test
  void aHealthyLinkedDirectoryAndMetadataServerExitZero() throws Exception {
    Path link = CredentialsFixture.vm().writeLinked(parent, "workload-spiffe-credentials", CredentialsFixture.NOW.minusSeconds(600));
    try (FakeMetadataServer server = new FakeMetadataServer().replyToAll(200, CredentialsFixture.CONFIG_OK)) {
      PackagedJar.Result result = PackagedJar.run("inspect-credentials", link.toString(), "--metadata-server", server.uri().toString(), "--now", NOW);

      assertThat(result.err()).isEmpty();
      assertThat(result.exit()).isZero();
      assertThat(result.out()).startsWith("0 errors, 0 warnings, 0 infos; trust domain " + CredentialsFixture.VM_DOMAIN);
    }
  }

  @Test
  void aVmWithoutTheFeatureReportsWhy() throws Exception {
    try (FakeMetadataServer server = new FakeMetadataServer().replyToAll(404, FakeMetadataServer.FEATURE_NOT_ENABLED)) {
      PackagedJar.Result result = PackagedJar.run("inspect-credentials", parent.resolve("workload-spiffe-credentials").toString(),
          "--metadata-server", server.uri().toString(), "--now", NOW, "-o", "json");

      assertThat(result.exit()).isEqualTo(1);
      JsonNode report = new ObjectMapper().readTree(result.out());
      assertThat(report.path("findings").findValuesAsText("code")).containsExactly("MCD501", "MCD505");
    }
  }
}
