package io.meshdoctor.analysis.facts;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.meshdoctor.snapshot.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** Recognises Istio sidecar-injector webhook configurations and their injector entries. */
public final class InjectorWebhooks {
  public static final String WEBHOOK_SUFFIX = "sidecar-injector.istio.io";
  public static final String REVISION_LABEL = "istio.io/rev";
  public static final String INJECTION_LABEL = "istio-injection";

  /** An injector configuration and those of its webhooks that inject sidecars. */
  public record InjectorConfiguration(MutatingWebhookConfiguration configuration, ObjectRef ref, String revision, List<MutatingWebhook> injectors) {
    public String name() {
      return ref.name();
    }
  }

  private InjectorWebhooks() {}

  public static List<InjectorConfiguration> of(List<MutatingWebhookConfiguration> configurations) {
    return configurations.stream()
        .filter(InjectorWebhooks::isInjectorConfiguration)
        .map(c -> new InjectorConfiguration(c, ObjectRef.of(c), labels(c).get(REVISION_LABEL), injectors(c)))
        .toList();
  }

  public static boolean isInjectorConfiguration(MutatingWebhookConfiguration configuration) {
    String name = configuration.getMetadata().getName();
    return name != null && (name.startsWith("istio-sidecar-injector") || name.startsWith("istio-revision-tag-"))
        || "sidecar-injector".equals(labels(configuration).get("app"));
  }

  public static boolean isInjectorWebhook(MutatingWebhook webhook) {
    return webhook.getName() != null && webhook.getName().endsWith(WEBHOOK_SUFFIX);
  }

  /** The namespace of the service the webhook calls, or null for `url:` webhooks. */
  public static String serviceNamespace(MutatingWebhook webhook) {
    var clientConfig = webhook.getClientConfig();
    if (clientConfig == null || clientConfig.getService() == null) {
      return null;
    }
    return clientConfig.getService().getNamespace();
  }

  public static boolean usesService(MutatingWebhook webhook) {
    return webhook.getClientConfig() != null && webhook.getClientConfig().getService() != null;
  }

  public static String caBundle(MutatingWebhook webhook) {
    return webhook.getClientConfig() == null ? null : webhook.getClientConfig().getCaBundle();
  }

  /** Namespaces of the istiods that the injector webhooks call. */
  public static List<String> istiodNamespaces(List<InjectorConfiguration> configurations) {
    return configurations.stream()
        .flatMap(c -> c.injectors().stream())
        .map(InjectorWebhooks::serviceNamespace)
        .filter(Objects::nonNull)
        .distinct()
        .sorted()
        .toList();
  }

  /** Namespaces labelled for injection whose labels one of the configuration's injector webhooks selects. */
  public static SortedSet<String> affectedNamespaces(InjectorConfiguration configuration, List<Namespace> namespaces) {
    SortedSet<String> affected = new TreeSet<>();
    for (Namespace namespace : namespaces) {
      Map<String, String> labels = namespace.getMetadata().getLabels();
      if (labelledForInjection(labels)
          && configuration.injectors().stream().anyMatch(w -> LabelSelectors.matches(w.getNamespaceSelector(), labels))) {
        affected.add(namespace.getMetadata().getName());
      }
    }
    return affected;
  }

  /** True when the namespace asks for sidecar injection by label. */
  public static boolean labelledForInjection(Map<String, String> labels) {
    return labels != null && ("enabled".equals(labels.get(INJECTION_LABEL)) || labels.containsKey(REVISION_LABEL));
  }

  private static List<MutatingWebhook> injectors(MutatingWebhookConfiguration configuration) {
    if (configuration.getWebhooks() == null) {
      return List.of();
    }
    return configuration.getWebhooks().stream().filter(InjectorWebhooks::isInjectorWebhook).toList();
  }

  private static Map<String, String> labels(MutatingWebhookConfiguration configuration) {
    Map<String, String> labels = configuration.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
