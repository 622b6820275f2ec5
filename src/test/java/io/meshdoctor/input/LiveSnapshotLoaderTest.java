package io.meshdoctor.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.testing.ApiServer;
import io.meshdoctor.testing.MeshFixture;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveSnapshotLoaderTest {
  private ApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = new ApiServer();
    client = server.client();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** Creates every object of the healthy fixture in the API server, as a cluster would hold them. */
  private void load(MeshFixture fixture) throws Exception {
    for (HasMetadata object : client.load(new java.io.ByteArrayInputStream(fixture.yaml().getBytes())).items()) {
      if (object.getKind().equals("CustomResourceDefinition")) {
        continue;
      }
      ApiServer.resource(client, object).create();
    }
  }

  private ClusterSnapshot snapshot() throws InputException {
    return new LiveSnapshotLoader(client, Set.of(AnalysisSettings.DEFAULT_SIGNER)).load();
  }

  @Test
  void readsEveryKindFromTheCluster() throws Exception {
    load(MeshFixture.healthy());

    ClusterSnapshot snapshot = snapshot();

    assertThat(snapshot.problems()).isEmpty();
    assertThat(snapshot.completeInventory()).isTrue();
    assertThat(snapshot.namespaces()).hasSize(2);
    assertThat(snapshot.pods()).hasSize(1);
    assertThat(snapshot.certificateSigningRequests()).hasSize(1);
    assertThat(snapshot.mutatingWebhookConfigurations()).hasSize(1);
    assertThat(snapshot.rootCertConfigMaps()).hasSize(2);
    assertThat(snapshot.workloadCertificateConfigs()).hasSize(1);
    assertThat(snapshot.trustConfigs()).hasSize(1);
    assertThat(snapshot.servedCrds()).contains(Set.of(
        InputKind.WORKLOAD_CERTIFICATE_CONFIG.crdName(), InputKind.TRUST_CONFIG.crdName()));
  }

  @Test
  void selectorsKeepOnlyFailedMountsTheConfiguredSignersAndTheRootCertConfigMaps() throws Exception {
    MeshFixture fixture = MeshFixture.healthy()
        .put("event/mount", MeshFixture.failedMount("shop", "cart-1", "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : x", 1, MeshFixture.NOW))
        .put("event/pulled", MeshFixture.failedMount("shop", "cart-1", "pulled image", 1, MeshFixture.NOW).replace("FailedMount", "Pulled"))
        .put("csr/kubelet", MeshFixture.csr("csr-kubelet", "kubernetes.io/kube-apiserver-client-kubelet",
            io.meshdoctor.testing.TestPki.csrPem(io.meshdoctor.testing.TestPki.key("p256"), "spiffe://x/ns/a/sa/b"), null, null, MeshFixture.NOW))
        .put("cm/other", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\ndata: {a: b}\n");
    load(fixture);

    ClusterSnapshot snapshot = snapshot();

    assertThat(snapshot.events()).extracting(e -> e.getReason()).containsExactly("FailedMount");
    assertThat(snapshot.certificateSigningRequests()).extracting(c -> c.getMetadata().getName()).containsExactly("csr-cart-1");
    assertThat(server.requests()).extracting(ApiServer.Request::path)
        .anyMatch(p -> p.startsWith("/api/v1/events?fieldSelector=reason%3DFailedMount"))
        .anyMatch(p -> p.startsWith("/api/v1/configmaps?fieldSelector=metadata.name%3Distio-ca-root-cert"));
  }

  @Test
  void gkeGroupNotServedIsRecordedNotReported() throws Exception {
    server.notInstalled("security.cloud.google.com");
    load(MeshFixture.healthy().remove("wcc/default").remove("tc/default"));

    ClusterSnapshot snapshot = snapshot();

    assertThat(snapshot.problems()).isEmpty();
    assertThat(snapshot.servedCrds()).contains(Set.of());
  }

  @Test
  void forbiddenKindBecomesAProblemAndTheRestIsRead() throws Exception {
    server.forbid("/apis/certificates.k8s.io/", "certificatesigningrequests.certificates.k8s.io");
    load(MeshFixture.healthy().remove("csr/csr-cart-1"));

    ClusterSnapshot snapshot = snapshot();

    assertThat(snapshot.problems()).singleElement().satisfies(p -> {
      assertThat(p.type()).isEqualTo(InputProblem.Type.UNREADABLE_KIND);
      assertThat(p.kind()).isEqualTo(InputKind.CERTIFICATE_SIGNING_REQUEST);
      assertThat(p.detail()).startsWith("HTTP 403").contains("forbidden");
    });
    assertThat(snapshot.pods()).hasSize(1);
  }

  @Test
  void unreachableClusterIsAnInputError() {
    try (KubernetesClient nowhere = new KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(1000).build())
        .build()) {
      assertThatThrownBy(() -> new LiveSnapshotLoader(nowhere, Set.of(AnalysisSettings.DEFAULT_SIGNER)).load())
          .isInstanceOf(InputException.class).hasMessageContaining("cannot reach the cluster at https://127.0.0.1:1");
    }
  }
}
