package io.meshdoctor.analysis;

import io.meshdoctor.snapshot.ObjectRef;
import java.util.Collections;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

/**
 * One problem found, with the evidence and the fix.
 *
 * @param namespace the namespace the finding belongs to; null for cluster-scoped findings that
 *     concern no namespace in particular
 * @param affectedNamespaces for cluster-scoped findings, the namespaces whose workloads it breaks
 *     (the operator shows the finding in each of their diagnoses)
 */
public record Finding(
    FindingCode code,
    Severity severity,
    String namespace,
    ObjectRef resource,
    String message,
    String remediation,
    Set<String> affectedNamespaces) {

  public Finding {
    affectedNamespaces = Collections.unmodifiableSortedSet(new TreeSet<>(affectedNamespaces));
  }

  /** Severity, then code, then namespace (cluster-wide first), then resource: stable and diffable. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::code)
          .thenComparing(Finding::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(f -> f.resource() == null ? null : f.resource().name(), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(f -> f.resource() == null ? null : f.resource().kind(), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::message);

  public Finding withSeverity(Severity newSeverity) {
    return new Finding(code, newSeverity, namespace, resource, message, remediation, affectedNamespaces);
  }

  public Finding inNamespace(String newNamespace) {
    return new Finding(code, severity, newNamespace, resource, message, remediation, affectedNamespaces);
  }

  public Finding affecting(Set<String> namespaces) {
    return new Finding(code, severity, namespace, resource, message, remediation, namespaces);
  }
}
