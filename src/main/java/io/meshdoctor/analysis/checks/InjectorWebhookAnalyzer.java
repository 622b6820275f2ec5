package io.meshdoctor.analysis.checks;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.meshdoctor.analysis.facts.InjectorWebhooks.InjectorConfiguration;
import io.meshdoctor.pki.Base64Text;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.RootCertConfigMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MCD401-MCD405, MCD408: the `caBundle` of Istio sidecar-injector webhooks, which the API server
 * uses to trust istiod. Webhooks sharing a bundle are reported together.
 */
public final class InjectorWebhookAnalyzer implements Analyzer {
  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "webhook.InjectorCaBundle",
          "Checks the caBundle of Istio sidecar-injector webhooks against the mesh root and the clock",
          EnumSet.of(InputKind.MUTATING_WEBHOOK_CONFIGURATION, InputKind.ROOT_CERT_CONFIG_MAP, InputKind.NAMESPACE),
          Set.of(FindingCode.MCD401, FindingCode.MCD402, FindingCode.MCD403, FindingCode.MCD404, FindingCode.MCD405, FindingCode.MCD408));

  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    for (InjectorConfiguration configuration : InjectorWebhooks.of(context.mutatingWebhookConfigurations())) {
      Set<String> affected = InjectorWebhooks.affectedNamespaces(configuration, context.namespaces());
      new ConfigurationCheck(context, configuration, affected, sink).run();
    }
  }

  private static final class ConfigurationCheck {
    private final AnalysisContext context;
    private final InjectorConfiguration configuration;
    private final ObjectRef ref;
    private final Set<String> affected;
    private final FindingSink sink;

    ConfigurationCheck(AnalysisContext context, InjectorConfiguration configuration, Set<String> affected, FindingSink sink) {
      this.context = context;
      this.configuration = configuration;
      this.ref = configuration.ref();
      this.affected = affected;
      this.sink = sink;
    }

    void run() {
      List<MutatingWebhook> serviceWebhooks = configuration.injectors().stream().filter(InjectorWebhooks::usesService).toList();
      if (configuration.revision() == null && !serviceWebhooks.isEmpty()) {
        report(FindingCode.MCD408,
            "MutatingWebhookConfiguration " + ref.name() + " has no istio.io/rev label, so istiod never patches the caBundle of its "
                + serviceWebhooks.size() + " injector webhook(s); a blanked or stale bundle stays broken.",
            "Label it with the revision its istiod serves (`default` for the default revision): `kubectl label mutatingwebhookconfiguration "
                + ref.name() + " istio.io/rev=REVISION`, or reinstall the control plane with istioctl or Helm.");
      }
      List<MutatingWebhook> empty = serviceWebhooks.stream().filter(w -> isBlank(InjectorWebhooks.caBundle(w))).toList();
      if (!empty.isEmpty()) {
        report(FindingCode.MCD401,
            "Injector webhook(s) " + names(empty) + " of " + ref.name() + " call istiod with an empty caBundle: the API server cannot verify istiod"
                + " and pod creation fails with `x509: certificate signed by unknown authority`.",
            "Check with `kubectl get mutatingwebhookconfigurations.admissionregistration.k8s.io " + ref.name()
                + " -o=jsonpath='{.webhooks[0].clientConfig.caBundle}'`; restart istiod so it patches the bundle again"
                + " (`kubectl rollout restart deployment/" + istiodName() + " -n " + istiodNamespace() + "`), and keep GitOps tools from"
                + " overwriting caBundle (ignore that field).");
      }
      Map<String, List<MutatingWebhook>> byBundle = configuration.injectors().stream()
          .filter(w -> !isBlank(InjectorWebhooks.caBundle(w)))
          .collect(Collectors.groupingBy(InjectorWebhooks::caBundle, LinkedHashMap::new, Collectors.toList()));
      byBundle.forEach(this::checkBundle);
    }

    private void checkBundle(String bundle, List<MutatingWebhook> webhooks) {
      List<CertificateInfo> certificates;
      try {
        certificates = Pem.certificates(new String(Base64Text.decode(bundle), StandardCharsets.ISO_8859_1));
      } catch (PkiException e) {
        report(FindingCode.MCD402,
            "The caBundle of injector webhook(s) " + names(webhooks) + " of " + ref.name() + " is not base64 of PEM certificates: "
                + e.getMessage() + "; the API server fails with `unable to load root certificates`.",
            "Restart istiod so it writes a valid bundle (`kubectl rollout restart deployment/" + istiodName() + " -n " + istiodNamespace()
                + "`), or set caBundle to `kubectl get configmap " + RootCertConfigMap.NAME + " -n " + istiodNamespace()
                + " -o jsonpath='{.data.root-cert\\.pem}' | base64 -w0`.");
        return;
      }
      Instant now = context.now();
      List<CertificateInfo> current = certificates.stream().filter(c -> c.validAt(now)).toList();
      if (current.isEmpty()) {
        report(FindingCode.MCD403,
            "Every certificate in the caBundle of " + names(webhooks) + " of " + ref.name() + " is outside its validity: "
                + certificates.stream().map(c -> c.displayName() + " " + TrustConfigAnalyzer.validity(c, now)).collect(Collectors.joining("; "))
                + ".",
            "Restart istiod so it patches the current root (`kubectl rollout restart deployment/" + istiodName() + " -n " + istiodNamespace()
                + "`); if the mesh root itself expired, rotate it first (see MCD411).");
      } else {
        CertificateInfo newest = current.stream().max(Comparator.comparing(CertificateInfo::notAfter)).orElseThrow();
        Duration left = Duration.between(now, newest.notAfter());
        if (left.compareTo(context.settings().expiringSoon()) < 0) {
          report(FindingCode.MCD405,
              "The caBundle of " + names(webhooks) + " of " + ref.name() + " expires soon: its newest certificate " + newest.displayName()
                  + " is valid until " + newest.notAfter() + ", within the " + Durations.describe(context.settings().expiringSoon()) + " warning period.",
              "Rotate the mesh root before then (plug-in CA: update the cacerts secret in " + istiodNamespace()
                  + " and restart istiod); istiod patches the new root into the webhook.");
        }
      }
      checkExpectedRoot(webhooks, certificates);
    }

    private void checkExpectedRoot(List<MutatingWebhook> webhooks, List<CertificateInfo> bundle) {
      Map<String, List<MutatingWebhook>> byNamespace = webhooks.stream()
          .filter(InjectorWebhooks::usesService)
          .filter(w -> InjectorWebhooks.serviceNamespace(w) != null)
          .collect(Collectors.groupingBy(InjectorWebhooks::serviceNamespace, LinkedHashMap::new, Collectors.toList()));
      Set<String> present = bundle.stream().map(CertificateInfo::sha256).collect(Collectors.toSet());
      byNamespace.forEach((namespace, group) -> {
        Optional<RootCertConfigMap> root = context.rootCertIn(namespace);
        if (root.isEmpty()) {
          return;
        }
        List<CertificateInfo> missing = root.get().certificates().stream().filter(c -> !present.contains(c.sha256())).toList();
        if (missing.isEmpty()) {
          return;
        }
        report(FindingCode.MCD404,
            "The caBundle of " + names(group) + " of " + ref.name() + " lacks the mesh root of " + namespace + "/" + RootCertConfigMap.NAME
                + ": expected " + fingerprints(missing) + ", bundle holds " + fingerprints(bundle) + ".",
            "Compare `kubectl get configmap " + RootCertConfigMap.NAME + " -n " + namespace
                + " -o jsonpath='{.data.root-cert\\.pem}' | openssl x509 -noout -fingerprint -sha256` with the bundle; restart istiod"
                + " (`kubectl rollout restart deployment/" + istiodName() + " -n " + namespace + "`) so it patches the current root.");
      });
    }

    private void report(FindingCode code, String message, String remediation) {
      sink.report(code.at(ref, message, remediation).affecting(affected));
    }

    private String istiodNamespace() {
      return configuration.injectors().stream()
          .map(InjectorWebhooks::serviceNamespace)
          .filter(n -> n != null)
          .findFirst()
          .orElse("istio-system");
    }

    private String istiodName() {
      return configuration.injectors().stream()
          .filter(InjectorWebhooks::usesService)
          .map(w -> w.getClientConfig().getService().getName())
          .filter(n -> n != null)
          .findFirst()
          .orElse("istiod");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String names(List<MutatingWebhook> webhooks) {
    return webhooks.stream().map(MutatingWebhook::getName).collect(Collectors.joining(", "));
  }

  private static String fingerprints(List<CertificateInfo> certificates) {
    List<String> parts = new ArrayList<>();
    for (CertificateInfo certificate : certificates) {
      parts.add(certificate.displayName() + " SHA-256 " + certificate.sha256());
    }
    return String.join(", ", parts);
  }
}
