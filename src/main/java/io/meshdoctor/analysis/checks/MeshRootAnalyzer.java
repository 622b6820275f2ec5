package io.meshdoctor.analysis.checks;

import io.fabric8.kubernetes.api.model.Namespace;
import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.RootCertConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * MCD411-MCD413: the mesh root istiod publishes in `istio-ca-root-cert`. Every namespace holds a
 * copy; each distinct content is checked once, on the copy in istiod's namespace when there is one.
 */
public final class MeshRootAnalyzer implements Analyzer {
  static final String MESH_CA_ROOT_CN = "istio_v1_cloud_workload_root-signer";
  private static final String ISTIO_DEFAULT_TRUST_DOMAIN = "cluster.local";

  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "meshroot.RootCert",
          "Checks the validity and issuer of the mesh root in istio-ca-root-cert",
          EnumSet.of(
              InputKind.ROOT_CERT_CONFIG_MAP,
              InputKind.MUTATING_WEBHOOK_CONFIGURATION,
              InputKind.NAMESPACE,
              InputKind.CERTIFICATE_SIGNING_REQUEST),
          Set.of(FindingCode.MCD411, FindingCode.MCD412, FindingCode.MCD413));

  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    List<String> istiodNamespaces = InjectorWebhooks.istiodNamespaces(InjectorWebhooks.of(context.mutatingWebhookConfigurations()));
    Map<String, List<RootCertConfigMap>> byContent = context.rootCertConfigMaps().stream()
        .sorted(Comparator.comparing(RootCertConfigMap::namespace))
        .collect(Collectors.groupingBy(RootCertConfigMap::pem, LinkedHashMap::new, Collectors.toList()));
    Set<String> injected = new TreeSet<>();
    for (Namespace namespace : context.namespaces()) {
      if (InjectorWebhooks.labelledForInjection(namespace.getMetadata().getLabels())) {
        injected.add(namespace.getMetadata().getName());
      }
    }
    TrustDomain trustDomain = context.trustDomain();
    for (List<RootCertConfigMap> copies : byContent.values()) {
      RootCertConfigMap root = representative(copies, istiodNamespaces);
      Set<String> affected = new TreeSet<>();
      copies.forEach(c -> affected.add(c.namespace()));
      if (istiodNamespaces.contains(root.namespace()) || "istio-system".equals(root.namespace())) {
        affected.addAll(injected);
      }
      check(context.now(), context.settings().expiringSoon(), trustDomain, root, affected, sink);
    }
  }

  private static RootCertConfigMap representative(List<RootCertConfigMap> copies, List<String> istiodNamespaces) {
    return copies.stream()
        .filter(c -> istiodNamespaces.contains(c.namespace()))
        .findFirst()
        .or(() -> copies.stream().filter(c -> "istio-system".equals(c.namespace())).findFirst())
        .orElse(copies.get(0));
  }

  private static void check(
      Instant now, Duration expiringSoon, TrustDomain trustDomain, RootCertConfigMap root, Set<String> affected, FindingSink sink) {
    String where = root.namespace() + "/" + RootCertConfigMap.NAME;
    String show = "`kubectl get configmap " + RootCertConfigMap.NAME + " -n " + root.namespace()
        + " -o jsonpath='{.data.root-cert\\.pem}' | openssl x509 -noout -subject -dates`";
    List<CertificateInfo> current = root.certificates().stream().filter(c -> c.validAt(now)).toList();
    if (current.isEmpty()) {
      sink.report(FindingCode.MCD411
          .at(
              root.ref(),
              "The mesh root in " + where + " is not valid now: "
                  + root.certificates().stream().map(c -> c.displayName() + " " + TrustConfigAnalyzer.validity(c, now)).collect(Collectors.joining("; "))
                  + ". Workloads and the API server reject every certificate that chains to it.",
              "Check with " + show + ". Rotate the root: with a plug-in CA, replace the cacerts secret in " + root.namespace()
                  + " (`kubectl create secret generic cacerts -n " + root.namespace()
                  + " --from-file=ca-cert.pem --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem --dry-run=client -o yaml | kubectl apply -f -`)"
                  + " and restart istiod (`kubectl rollout restart deployment/istiod -n " + root.namespace() + "`), then restart the workloads.")
          .affecting(affected));
    } else {
      CertificateInfo newest = current.stream().max(Comparator.comparing(CertificateInfo::notAfter)).orElseThrow();
      Duration left = Duration.between(now, newest.notAfter());
      if (left.compareTo(expiringSoon) < 0) {
        sink.report(FindingCode.MCD412
            .at(
                root.ref(),
                "The mesh root in " + where + " expires soon: " + newest.displayName() + " is valid until " + newest.notAfter() + ", within the "
                    + Durations.describe(expiringSoon) + " warning period.",
                "Plan the root rotation now (" + show + "): add the new root next to the old one, update the cacerts secret and restart istiod"
                    + " and the workloads before " + newest.notAfter() + ".")
            .affecting(affected));
      }
    }
    if (root.certificates().stream().noneMatch(c -> recognised(c, trustDomain))) {
      List<String> subjects = new ArrayList<>();
      root.certificates().forEach(c -> subjects.add(c.subject()));
      String expected = trustDomain.known() ? trustDomain.name() + " or " + ISTIO_DEFAULT_TRUST_DOMAIN : ISTIO_DEFAULT_TRUST_DOMAIN;
      sink.report(FindingCode.MCD413
          .at(
              root.ref(),
              "The mesh root in " + where + " (" + String.join("; ", subjects) + ") is neither a Mesh CA root (CN containing " + MESH_CA_ROOT_CN
                  + ") nor an istiod root (O=" + expected + "): a plug-in or custom CA.",
              "If a plug-in CA is intended, nothing to do; otherwise check which CA istiod uses (" + show + ", and the cacerts secret in "
                  + root.namespace() + ").")
          .affecting(affected));
    }
  }

  private static boolean recognised(CertificateInfo certificate, TrustDomain trustDomain) {
    String cn = certificate.subjectAttribute(BCStyle.CN);
    if (cn != null && cn.contains(MESH_CA_ROOT_CN)) {
      return true;
    }
    String organisation = certificate.subjectAttribute(BCStyle.O);
    return organisation != null
        && (organisation.equalsIgnoreCase(ISTIO_DEFAULT_TRUST_DOMAIN) || trustDomain.known() && organisation.equalsIgnoreCase(trustDomain.name()));
  }
}
