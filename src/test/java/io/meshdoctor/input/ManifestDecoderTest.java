package io.meshdoctor.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.Origin;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDecoderTest {
  private static ClusterSnapshot decode(String yaml) throws InputException {
    SnapshotBuilder builder = ClusterSnapshot.builder();
    ManifestDecoder.decodeAll(new ManifestReader().read(List.of("-"), new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))), builder);
    return builder.build();
  }

  @Test
  void keepsTheKindsTheAnalysisReadsAndIgnoresTheRest() throws Exception {
    ClusterSnapshot snapshot = decode("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cart, namespace: shop}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data: {a: b}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: cart-1, namespace: shop}
        ---
        apiVersion: security.cloud.google.com/v1
        kind: GKEClusterTrustBundle
        metadata: {name: bundle}
        """);

    assertThat(snapshot.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("cart-1");
    assertThat(snapshot.rootCertConfigMaps()).isEmpty();
    assertThat(snapshot.problems()).isEmpty();
    assertThat(snapshot.origins()).containsEntry(new ObjectRef("v1", "Pod", "shop", "cart-1"), new Origin("-", 10));
  }

  @Test
  void namespacedObjectsWithoutNamespaceGoToDefaultAndClusterObjectsLoseTheirs() throws Exception {
    ClusterSnapshot snapshot = decode("""
        apiVersion: v1
        kind: Pod
        metadata: {name: lonely}
        ---
        apiVersion: security.cloud.google.com/v1
        kind: WorkloadCertificateConfig
        metadata: {name: default, namespace: kube-system}
        spec: {}
        """);

    assertThat(snapshot.pods().get(0).getMetadata().getNamespace()).isEqualTo("default");
    assertThat(snapshot.workloadCertificateConfigs().get(0).meta().ref().namespace()).isNull();
  }

  @Test
  void eventsApiEventsAreReadAsCoreEvents() throws Exception {
    ClusterSnapshot snapshot = decode("""
        apiVersion: events.k8s.io/v1
        kind: Event
        metadata: {name: cart-1.17a, namespace: shop}
        regarding: {kind: Pod, name: cart-1, namespace: shop}
        reason: FailedMount
        note: 'MountVolume.SetUp failed for volume "gke-workload-certificates" : caPEM is nil'
        deprecatedCount: 4
        eventTime: "2026-11-22T11:59:00.000000Z"
        """);

    var event = snapshot.events().get(0);
    assertThat(event.getInvolvedObject().getName()).isEqualTo("cart-1");
    assertThat(event.getMessage()).contains("caPEM is nil");
    assertThat(event.getCount()).isEqualTo(4);
  }

  @Test
  void wrongShapeIsAProblemNamingTheObjectAndItsLine() throws Exception {
    ClusterSnapshot snapshot = decode("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: fine}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: istio-sidecar-injector}
        webhooks: {name: not-a-list}
        """);

    assertThat(snapshot.namespaces()).hasSize(1);
    assertThat(snapshot.problems()).singleElement().satisfies(p -> {
      assertThat(p.type()).isEqualTo(InputProblem.Type.UNINTERPRETABLE_OBJECT);
      assertThat(p.object().name()).isEqualTo("istio-sidecar-injector");
      assertThat(p.origin()).isEqualTo(new Origin("-", 5));
      assertThat(p.detail()).contains("MutatingWebhookConfiguration schema");
    });
  }

  @Test
  void crdsInTheInputMakeTheServedSetKnown() throws Exception {
    assertThat(decode("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n").servedCrds()).isEmpty();

    ClusterSnapshot snapshot = decode("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gateways.networking.istio.io}
        """);
    assertThat(snapshot.servedCrds()).contains(java.util.Set.of("gateways.networking.istio.io"));
  }

  @Test
  void rootCertConfigMapWithoutPemIsAProblem() throws Exception {
    ClusterSnapshot snapshot = decode("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: istio-ca-root-cert, namespace: istio-system}
        data:
          root-cert.pem: "not a certificate"
        """);

    assertThat(snapshot.rootCertConfigMaps()).isEmpty();
    assertThat(snapshot.problems()).singleElement().satisfies(p -> assertThat(p.detail()).contains("root-cert.pem is not PEM certificates"));
  }
}
