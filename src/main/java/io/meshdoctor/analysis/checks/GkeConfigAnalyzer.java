package io.meshdoctor.analysis.checks;

import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.Severity;
import io.meshdoctor.analysis.facts.CaPoolUri;
import io.meshdoctor.analysis.facts.MeshUsage;
import io.meshdoctor.snapshot.ConfigMeta;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.WorkloadCertificateConfig;
import io.meshdoctor.snapshot.WorkloadCertificateConfig.KeyAlgorithm;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * MCD101-MCD108: whether the cluster serves the mesh-certificate CRDs and whether the active
 * WorkloadCertificateConfig is present, Ready and sensibly configured; staleness and inactive names
 * for both GKE kinds.
 */
public final class GkeConfigAnalyzer implements Analyzer {
  static final Set<Long> RSA_SIZES = Set.of(2048L, 3072L, 4096L);
  static final Set<String> CURVES = Set.of("P256", "P384");
  private static final long MIN_VALIDITY = 3600;
  private static final long MAX_VALIDITY = 2_592_000;

  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "gke.WorkloadCertificateConfig",
          "Checks that mesh certificates are enabled and WorkloadCertificateConfig default exists, is Ready and valid",
          EnumSet.of(
              InputKind.CUSTOM_RESOURCE_DEFINITION,
              InputKind.WORKLOAD_CERTIFICATE_CONFIG,
              InputKind.TRUST_CONFIG,
              InputKind.POD,
              InputKind.EVENT,
              InputKind.CERTIFICATE_SIGNING_REQUEST),
          Set.of(
              FindingCode.MCD101,
              FindingCode.MCD102,
              FindingCode.MCD103,
              FindingCode.MCD104,
              FindingCode.MCD105,
              FindingCode.MCD106,
              FindingCode.MCD107,
              FindingCode.MCD108));

  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    MeshUsage usage = context.meshUsage();
    Set<String> affected = usage.namespaces();
    List<String> missingCrds = missingCrds(context);
    if (usage.inUse() && !missingCrds.isEmpty()) {
      sink.report(
          FindingCode.MCD101
              .at(
                  new ObjectRef("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, missingCrds.get(0)),
                  "Mesh certificates are in use (" + usage.evidenceSummary() + ") but the cluster does not serve "
                      + String.join(" and ", missingCrds) + ": GKE mesh certificates are not enabled on this cluster.",
                  "Enable the feature: " + Commands.ENABLE_MESH_CERTIFICATES + " (the cluster needs"
                      + " Workload Identity, `--workload-pool=PROJECT_ID.svc.id.goog`; older gcloud: `gcloud components update` or `gcloud beta`)."
                      + " Then check `kubectl get crd workloadcertificateconfigs.security.cloud.google.com trustconfigs.security.cloud.google.com`.")
              .affecting(affected));
    }

    var active = context.defaultWorkloadCertificateConfig();
    boolean kindServed = !missingCrds.contains(InputKind.WORKLOAD_CERTIFICATE_CONFIG.crdName());
    if (usage.inUse() && active.isEmpty() && kindServed && !context.unreadable(InputKind.WORKLOAD_CERTIFICATE_CONFIG)) {
      sink.report(
          FindingCode.MCD102
              .at(
                  ObjectRef.of(InputKind.WORKLOAD_CERTIFICATE_CONFIG, null, "default"),
                  "Mesh certificates are in use (" + usage.evidenceSummary() + ") but there is no WorkloadCertificateConfig named default,"
                      + " so no workload certificate can be issued.",
                  "Create WorkloadCertificateConfig default (spec.certificateAuthorityConfig.certificateAuthorityServiceConfig.endpointURI: "
                      + "//privateca.googleapis.com/projects/PROJECT_ID/locations/SUBORDINATE_CA_POOL_LOCATION/caPools/SUBORDINATE_CA_POOL_NAME,"
                      + " keyAlgorithm, validityDurationSeconds: 86400, rotationWindowPercentage: 50) and apply it:"
                      + " `kubectl apply -f WorkloadCertificateConfig.yaml`; then " + Commands.GET_WCC + " shows Ready True.")
              .affecting(affected));
    }
    active.ifPresent(config -> checkActive(context, config, affected, sink));

    for (ConfigMeta meta : activeMetas(context)) {
      ConfigReadiness.stale(meta, context.now(), context.settings().staleAfter())
          .ifPresent(detail -> sink.report(
              FindingCode.MCD107
                  .at(
                      meta.ref(),
                      meta.ref().kind() + " " + meta.name() + ": " + detail + "; the GKE controller is not processing the latest edit.",
                      "Check that mesh certificates are still enabled (`gcloud container clusters describe CLUSTER_NAME --location LOCATION`),"
                          + " look at the object with `kubectl get " + meta.ref().kind() + " " + meta.name() + " -o yaml`, re-apply it,"
                          + " and contact Cloud Customer Care if the condition stays behind.")
                  .affecting(affected)));
    }
    Stream.concat(
            context.workloadCertificateConfigs().stream().map(WorkloadCertificateConfig::meta),
            context.trustConfigs().stream().map(c -> c.meta()))
        .filter(meta -> !meta.isDefault())
        .forEach(meta -> sink.report(
            FindingCode.MCD108
                .at(
                    meta.ref(),
                    meta.ref().kind() + " " + meta.name() + " is not named default, so GKE does not use it.",
                    "If it holds the intended configuration, recreate it as default: `kubectl get " + meta.ref().kind() + " " + meta.name()
                        + " -o yaml > " + meta.ref().kind() + ".yaml`, set metadata.name: default, `kubectl apply -f " + meta.ref().kind()
                        + ".yaml`, then `kubectl delete " + meta.ref().kind() + " " + meta.name() + "`.")
                .affecting(affected)));
  }

  private static List<ConfigMeta> activeMetas(AnalysisContext context) {
    List<ConfigMeta> metas = new ArrayList<>();
    context.defaultWorkloadCertificateConfig().ifPresent(c -> metas.add(c.meta()));
    context.defaultTrustConfig().ifPresent(c -> metas.add(c.meta()));
    return metas;
  }

  /** CRD names of the GKE kinds that the cluster is known not to serve. */
  static List<String> missingCrds(AnalysisContext context) {
    var served = context.servedCrds();
    if (served.isEmpty()) {
      return List.of();
    }
    List<String> missing = new ArrayList<>();
    if (!served.get().contains(InputKind.WORKLOAD_CERTIFICATE_CONFIG.crdName()) && context.workloadCertificateConfigs().isEmpty()) {
      missing.add(InputKind.WORKLOAD_CERTIFICATE_CONFIG.crdName());
    }
    if (!served.get().contains(InputKind.TRUST_CONFIG.crdName()) && context.trustConfigs().isEmpty()) {
      missing.add(InputKind.TRUST_CONFIG.crdName());
    }
    return missing;
  }

  private void checkActive(AnalysisContext context, WorkloadCertificateConfig config, Set<String> affected, FindingSink sink) {
    ObjectRef ref = config.meta().ref();
    ConfigReadiness.notReady(config.meta(), context.now(), context.settings().staleAfter())
        .ifPresent(detail -> sink.report(
            FindingCode.MCD103
                .at(
                    ref,
                    "WorkloadCertificateConfig default " + detail + "; workload certificates cannot be issued.",
                    "Read the reason with " + Commands.GET_WCC + " and correct the spec. Check that the GKE service agent may issue from the pool: "
                        + Commands.GRANT_CERTIFICATE_MANAGER + ".")
                .affecting(affected)));

    caProblems(config.certificateAuthority())
        .forEach(problem -> sink.report(
            FindingCode.MCD104
                .at(
                    ref,
                    "WorkloadCertificateConfig default " + problem + ".",
                    "Set spec.certificateAuthorityConfig.certificateAuthorityServiceConfig.endpointURI to the issuing pool, "
                        + CaPoolUri.FORM.replace("POOL", "SUBORDINATE_CA_POOL_NAME")
                        + " (list pools with `gcloud privateca pools list --location LOCATION`), then `kubectl apply -f WorkloadCertificateConfig.yaml`.")
                .affecting(affected)));

    KeyAlgorithm key = config.keyAlgorithm();
    if (key == null) {
      sink.report(
          FindingCode.MCD106
              .at(
                  ref,
                  "WorkloadCertificateConfig default sets no keyAlgorithm; the issued key type is left to GKE and may not match the CA's key family.",
                  "Set spec.keyAlgorithm to the family of your CA pool's keys, e.g. `keyAlgorithm: {ecdsa: {curve: P256}}` for an ec-p256-sha256 CA"
                      + " or `keyAlgorithm: {rsa: {modulusSize: 4096}}` for an RSA CA.")
              .affecting(affected));
    } else {
      keyProblem(key).ifPresent(problem -> sink.report(
          FindingCode.MCD105
              .at(
                  ref,
                  "WorkloadCertificateConfig default keyAlgorithm " + problem + ".",
                  "Set exactly one of `keyAlgorithm.rsa.modulusSize` (2048, 3072 or 4096) or `keyAlgorithm.ecdsa.curve` (P256 or P384),"
                      + " of the same family as the CA pool's keys (`gcloud privateca ISSUING_CA_TYPE describe ISSUING_CA_NAME --location ISSUING_CA_LOCATION`,"
                      + " field keySpec.algorithm).")
              .affecting(affected)));
    }
    lifetimeFindings(config, ref).forEach(f -> sink.report(f.affecting(affected)));
  }

  private static List<Finding> lifetimeFindings(WorkloadCertificateConfig config, ObjectRef ref) {
    List<Finding> findings = new ArrayList<>();
    Long validity = config.validityDurationSeconds();
    if (validity != null && (validity < MIN_VALIDITY || validity > MAX_VALIDITY)) {
      findings.add(FindingCode.MCD106.at(
          ref,
          "WorkloadCertificateConfig default validityDurationSeconds is " + validity + " (" + Durations.describe(java.time.Duration.ofSeconds(validity))
              + "), outside 3600-2592000 seconds (1 hour to 30 days)" + (validity < MIN_VALIDITY ? ": certificates will rotate constantly." : ": a leaked key stays valid for long."),
          "Use the default of 86400 (one day) unless you have a reason: `kubectl edit WorkloadCertificateConfig default` and set spec.validityDurationSeconds."));
    }
    Long rotation = config.rotationWindowPercentage();
    if (rotation != null && (rotation < 0 || rotation > 100)) {
      findings.add(FindingCode.MCD106
          .at(
              ref,
              "WorkloadCertificateConfig default rotationWindowPercentage is " + rotation + ", outside 0-100: it cannot be applied.",
              "Set spec.rotationWindowPercentage between 20 and 80 (default 50: renewal starts when half the lifetime remains).")
          .withSeverity(Severity.ERROR));
    } else if (rotation != null && (rotation < 20 || rotation > 80)) {
      findings.add(FindingCode.MCD106.at(
          ref,
          "WorkloadCertificateConfig default rotationWindowPercentage is " + rotation + ", outside 20-80: renewal starts when " + rotation
              + "% of the lifetime remains" + (rotation < 20 ? ", leaving little time to retry a failed renewal." : ", which renews very often."),
          "Set spec.rotationWindowPercentage between 20 and 80 (default 50: renewal starts when half the lifetime remains)."));
    }
    return findings;
  }

  private static List<String> caProblems(WorkloadCertificateConfig.CertificateAuthority ca) {
    if (!ca.present()) {
      return List.of("sets no spec.certificateAuthorityConfig (one of certificateAuthorityServiceConfig or meshCAConfig is required)");
    }
    if (ca.caServiceConfigured() && ca.meshCaConfigured()) {
      return List.of("sets both certificateAuthorityServiceConfig and meshCAConfig; exactly one is allowed");
    }
    if (!ca.caServiceConfigured()) {
      return ca.meshCaConfigured()
          ? List.of()
          : List.of("sets neither certificateAuthorityServiceConfig nor meshCAConfig in spec.certificateAuthorityConfig");
    }
    List<String> problems = new ArrayList<>();
    String endpointProblem = CaPoolUri.problem(ca.endpointUri());
    if (endpointProblem != null) {
      problems.add("endpointURI '" + (ca.endpointUri() == null ? "" : ca.endpointUri()) + "' " + endpointProblem);
    }
    for (String fallback : ca.fallbackUris()) {
      String problem = CaPoolUri.problem(fallback);
      if (problem != null) {
        problems.add("fallbackURIs entry '" + fallback + "' " + problem);
      }
    }
    return problems;
  }

  /** What is wrong with a present keyAlgorithm, if anything. */
  static Optional<String> keyProblem(KeyAlgorithm key) {
    if (key.rsa() && key.ecdsa()) {
      return Optional.of("sets both rsa and ecdsa; exactly one is allowed");
    }
    if (!key.rsa() && !key.ecdsa()) {
      return Optional.of("sets neither rsa nor ecdsa");
    }
    if (key.rsa()) {
      if (key.modulusSize() == null) {
        return Optional.of("rsa has no modulusSize");
      }
      return RSA_SIZES.contains(key.modulusSize())
          ? Optional.empty()
          : Optional.of("rsa.modulusSize " + key.modulusSize() + " is not one of 2048, 3072, 4096");
    }
    if (key.curve() == null) {
      return Optional.of("ecdsa has no curve");
    }
    return CURVES.contains(key.curve())
        ? Optional.empty()
        : Optional.of("ecdsa.curve '" + key.curve() + "' is not P256 or P384");
  }
}
