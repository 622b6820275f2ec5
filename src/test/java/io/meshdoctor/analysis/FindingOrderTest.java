package io.meshdoctor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.snapshot.ObjectRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FindingOrderTest {
  private static Finding finding(FindingCode code, String namespace, String name) {
    return code.at(new ObjectRef("v1", "Pod", namespace, name), "m", "r").inNamespace(namespace);
  }

  @Test
  void sortsBySeverityThenCodeThenNamespaceWithClusterFirstThenName() {
    List<Finding> expected = List.of(
        FindingCode.MCD102.at(new ObjectRef("security.cloud.google.com/v1", "WorkloadCertificateConfig", null, "default"), "m", "r"),
        finding(FindingCode.MCD301, "billing", "a"),
        finding(FindingCode.MCD301, "shop", "a"),
        finding(FindingCode.MCD301, "shop", "b"),
        finding(FindingCode.MCD401, null, "istio-sidecar-injector"),
        finding(FindingCode.MCD106, null, "default").withSeverity(Severity.WARNING),
        finding(FindingCode.MCD201, "shop", "csr-1"),
        finding(FindingCode.MCD003, null, null));
    List<Finding> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(7));

    shuffled.sort(Finding.ORDER);

    assertThat(shuffled).containsExactlyElementsOf(expected);
  }

  @Test
  void severityOverrideSortsWithItsSeverity() {
    Finding error = FindingCode.MCD106.at(null, "m", "r").withSeverity(Severity.ERROR);
    Finding warning = FindingCode.MCD201.at(null, "m", "r");

    assertThat(List.of(warning, error).stream().sorted(Finding.ORDER).toList()).containsExactly(error, warning);
  }
}
