package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.RootCertConfigMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the API server, before any informer starts, which input kinds the operator may list and
 * watch. A forbidden kind gets no informer and becomes finding MCD001, instead of an informer that
 * fails and stops the operator.
 */
final class AccessProbe {
  private static final Logger LOG = LoggerFactory.getLogger(AccessProbe.class);

  /** What may be read, and a problem for each kind that may not. */
  record Result(Set<InputKind> readable, List<InputProblem> problems) {}

  private AccessProbe() {}

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static Result probe(KubernetesClient client) {
    Set<InputKind> readable = EnumSet.noneOf(InputKind.class);
    List<InputProblem> problems = new ArrayList<>();
    for (InputKind kind : InputKind.values()) {
      List<String> denied = new ArrayList<>();
      for (String verb : List.of("list", "watch")) {
        if (names(kind).stream().anyMatch(name -> !allowed(client, kind, verb, name))) {
          denied.add(verb);
        }
      }
      if (denied.isEmpty()) {
        readable.add(kind);
      } else {
        String detail = "forbidden: the operator's service account may not " + String.join(" or ", denied) + " " + kind.resource()
            + (names(kind).get(0) == null ? "" : " named " + String.join(", ", names(kind)));
        LOG.warn("{}; its checks run without it", detail);
        problems.add(InputProblem.unreadableKind(kind, detail));
      }
    }
    return new Result(readable, problems);
  }

  /**
   * The objects the operator reads of a kind, when it reads them by name (a metadata.name field
   * selector), so RBAC can grant exactly those; null stands for every object.
   */
  private static List<String> names(InputKind kind) {
    return switch (kind) {
      case CUSTOM_RESOURCE_DEFINITION -> List.of(InputKind.WORKLOAD_CERTIFICATE_CONFIG.crdName(), InputKind.TRUST_CONFIG.crdName());
      case ROOT_CERT_CONFIG_MAP -> List.of(RootCertConfigMap.NAME);
      default -> Collections.singletonList(null);
    };
  }

  private static boolean allowed(KubernetesClient client, InputKind kind, String verb, String name) {
    SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
        .withNewSpec()
        .withNewResourceAttributes()
        .withGroup(kind.group())
        .withResource(kind.plural())
        .withName(name)
        .withVerb(verb)
        .endResourceAttributes()
        .endSpec()
        .build();
    try {
      SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
      // No verdict (an API server that cannot evaluate it) counts as allowed; the informer will tell.
      return answer.getStatus() == null || answer.getStatus().getAllowed() == null || answer.getStatus().getAllowed();
    } catch (KubernetesClientException e) {
      if (e.getStatus() == null && e.getCode() <= 0) {
        throw new IllegalStateException("cannot reach the API server at " + client.getMasterUrl() + ": " + rootCause(e), e);
      }
      LOG.warn("could not check access to {}: {}", kind.resource(), e.getMessage());
      return true;
    }
  }
}
