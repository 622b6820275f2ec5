package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.credentials.MetadataServer.Answer;
import io.meshdoctor.credentials.MetadataServer.Endpoint;
import io.meshdoctor.input.InputException;
import io.meshdoctor.testing.CredentialsFixture;
import io.meshdoctor.testing.FakeMetadataServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataServerTest {
  private static final String PREFIX = "/computeMetadata/v1/instance/gce-workload-certificates/";

  @Test
  void aHealthyVmAnswersAllThreeEndpointsAndEachRequestCarriesTheFlavorHeader() throws Exception {
    try (FakeMetadataServer fake = new FakeMetadataServer()
        .reply("config-status", 200, CredentialsFixture.CONFIG_OK)
        .reply("workload-identities", 200, "{\"status\": \"OK\", \"workloadCredentials\": {}}")
        .reply("trust-anchors", 200, "{\"status\": \"OK\", \"trustAnchors\": {}}")) {
      List<Answer> answers = new MetadataServer(URI.create(fake.uri() + "/"), Duration.ofSeconds(5)).query();

      assertThat(answers).extracting(Answer::endpoint).containsExactly(Endpoint.CONFIG_STATUS, Endpoint.WORKLOAD_IDENTITIES, Endpoint.TRUST_ANCHORS);
      assertThat(answers).extracting(Answer::status).containsOnly(200);
      assertThat(answers.get(0).body()).isEqualTo(CredentialsFixture.CONFIG_OK);
      assertThat(answers.get(0).uri()).hasToString(fake.uri() + PREFIX + "config-status");
      assertThat(fake.requests()).extracting(FakeMetadataServer.Request::path)
          .containsExactly(PREFIX + "config-status", PREFIX + "workload-identities", PREFIX + "trust-anchors");
      assertThat(fake.requests()).extracting(FakeMetadataServer.Request::flavor).containsOnly("Google");
    }
  }

  @Test
  void notFoundOrPreconditionFailedOnConfigStatusIsTheAnswerForAllThree() throws Exception {
    for (int status : new int[] {404, 412}) {
      try (FakeMetadataServer fake = new FakeMetadataServer().replyToAll(status, FakeMetadataServer.FEATURE_NOT_ENABLED)) {
        List<Answer> answers = new MetadataServer(fake.uri(), Duration.ofSeconds(5)).query();

        assertThat(answers).singleElement().satisfies(answer -> {
          assertThat(answer.endpoint()).isEqualTo(Endpoint.CONFIG_STATUS);
          assertThat(answer.status()).isEqualTo(status);
          assertThat(answer.body()).isEqualTo(FakeMetadataServer.FEATURE_NOT_ENABLED);
        });
        assertThat(fake.requests()).hasSize(1);
      }
    }
  }

  @Test
  void aNotFoundOnACredentialEndpointIsReturnedToo() throws Exception {
    try (FakeMetadataServer fake = new FakeMetadataServer()
        .reply("config-status", 200, CredentialsFixture.CONFIG_OK)
        .reply("trust-anchors", 200, "{}")) {
      List<Answer> answers = new MetadataServer(fake.uri(), Duration.ofSeconds(5)).query();

      assertThat(answers).extracting(Answer::status).containsExactly(200, 404, 200);
      assertThat(answers.get(1).body()).contains("was not found on this server.");
    }
  }

  @Test
  void noAnswerWithinTheTimeoutIsAnError() throws Exception {
    try (FakeMetadataServer fake = new FakeMetadataServer().hang()) {
      MetadataServer server = new MetadataServer(fake.uri(), Duration.ofMillis(300));

      long start = System.nanoTime();
      assertThatThrownBy(server::query)
          .isInstanceOf(InputException.class)
          .hasMessage(fake.uri() + PREFIX + "config-status: no answer within 300 ms (is this a Compute Engine VM?)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aRefusedConnectionIsAnError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    MetadataServer server = new MetadataServer(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));

    assertThatThrownBy(server::query)
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("http://127.0.0.1:" + port + PREFIX + "config-status: cannot connect (");
  }

  @Test
  void anUnexpectedStatusIsAnErrorQuotingTheBody() throws Exception {
    try (FakeMetadataServer fake = new FakeMetadataServer().reply("config-status", 503, "backend unavailable\nretry later")) {
      assertThatThrownBy(() -> new MetadataServer(fake.uri(), Duration.ofSeconds(5)).query())
          .isInstanceOf(InputException.class)
          .hasMessage(fake.uri() + PREFIX + "config-status: unexpected HTTP 503 (backend unavailable)");
    }
  }
}
