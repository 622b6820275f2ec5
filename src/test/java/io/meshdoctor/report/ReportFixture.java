package io.meshdoctor.report;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.Upstream;

/** A broken mesh with cluster-wide and namespaced findings of every severity, for the renderers. */
final class ReportFixture {
  final ClusterSnapshot snapshot;
  final AnalysisResult result;

  ReportFixture() {
    MeshFixture fixture = MeshFixture.healthy()
        .remove("wcc/default")
        .put("mwc/istio-sidecar-injector", Upstream.read("istio/webhooks/istio-sidecar-injector.default.yaml"))
        .put("root/istio-system", MeshFixture.rootCert("istio-system", Upstream.read("istio/samples-certs/root-cert.pem")))
        .put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending"))
        .put("event", MeshFixture.failedMount("shop", "cart-1",
            "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = caPEM is nil", 7, MeshFixture.NOW));
    snapshot = fixture.snapshot();
    result = Analyzers.engine().run(snapshot, AnalysisSettings.defaults(), MeshFixture.NOW);
  }
}
