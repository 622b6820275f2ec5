package io.meshdoctor.input;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshdoctor.analysis.facts.MountFailure;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.RootCertConfigMap;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a live cluster with list calls. A kind that cannot be listed (RBAC, API error) becomes an
 * {@link InputProblem} instead of failing the run; a GKE kind the API server answers 404 for is
 * recorded as not served. Server-side selectors keep the lists small; the same conditions are
 * checked again on the client because not every server honours them.
 */
public final class LiveSnapshotLoader {
  private static final long PAGE_SIZE = 500;

  private final KubernetesClient client;
  private final Set<String> signerNames;

  public LiveSnapshotLoader(KubernetesClient client, Set<String> signerNames) {
    this.client = client;
    this.signerNames = Set.copyOf(signerNames);
  }

  public ClusterSnapshot load() throws InputException {
    SnapshotBuilder builder = ClusterSnapshot.builder().completeInventory(true).servedCrdsKnown();
    try {
      client.namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
    } catch (KubernetesClientException e) {
      if (e.getStatus() == null && e.getCode() <= 0) {
        throw new InputException("cannot reach the cluster at " + client.getMasterUrl() + ": " + rootMessage(e), e);
      }
    }
    listInto(builder, InputKind.NAMESPACE, options -> client.namespaces().list(options));
    listInto(builder, InputKind.POD, options -> client.pods().inAnyNamespace().list(options));
    listInto(builder, InputKind.EVENT,
        options -> client.v1().events().inAnyNamespace().withField("reason", MountFailure.REASON).list(options));
    listCsrs(builder);
    listInto(builder, InputKind.MUTATING_WEBHOOK_CONFIGURATION,
        options -> client.admissionRegistration().v1().mutatingWebhookConfigurations().list(options));
    listInto(builder, InputKind.ROOT_CERT_CONFIG_MAP,
        options -> client.configMaps().inAnyNamespace().withField("metadata.name", RootCertConfigMap.NAME).list(options));
    listGke(builder, InputKind.WORKLOAD_CERTIFICATE_CONFIG);
    listGke(builder, InputKind.TRUST_CONFIG);
    return builder.build();
  }

  private void listCsrs(SnapshotBuilder builder) {
    for (String signer : signerNames) {
      boolean complete = listInto(builder, InputKind.CERTIFICATE_SIGNING_REQUEST,
          options -> client.certificates().v1().certificateSigningRequests().withField("spec.signerName", signer).list(options));
      if (!complete) {
        return;
      }
    }
  }

  private void listGke(SnapshotBuilder builder, InputKind kind) {
    ResourceDefinitionContext context = definition(kind);
    try {
      pages(options -> client.genericKubernetesResources(context).list(options))
          .forEach(resource -> builder.add(resource, null));
      builder.servedCrd(kind.crdName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        builder.problem(InputProblem.unreadableKind(kind, describe(e)));
      }
    }
  }

  /** How to address a kind without API discovery (which fails when the kind's CRD is absent). */
  public static ResourceDefinitionContext definition(InputKind kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(kind.group())
        .withVersion(kind.apiVersion().substring(kind.group().isEmpty() ? 0 : kind.group().length() + 1))
        .withKind(kind.kind())
        .withPlural(kind.plural())
        .withNamespaced(kind.namespaced())
        .build();
  }

  /** Lists every page of a kind into the builder; false when the kind could not be read. */
  private <T extends HasMetadata> boolean listInto(
      SnapshotBuilder builder, InputKind kind, Function<ListOptions, ? extends KubernetesResourceList<T>> list) {
    try {
      for (T item : pages(list)) {
        builder.add(item, null);
      }
      return true;
    } catch (KubernetesClientException e) {
      builder.problem(InputProblem.unreadableKind(kind, describe(e)));
      return false;
    }
  }

  private static <T extends HasMetadata> List<T> pages(Function<ListOptions, ? extends KubernetesResourceList<T>> list) {
    List<T> items = new ArrayList<>();
    String next = null;
    do {
      KubernetesResourceList<T> page = list.apply(new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(next).build());
      items.addAll(page.getItems());
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return items;
  }

  private static String describe(KubernetesClientException e) {
    String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : rootMessage(e);
    return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + reason;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
