package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceFilterTest {
  @Test
  void defaultExclusionsIncludeGkePrefixes() {
    NamespaceFilter filter = new NamespaceFilter("", OperatorSettings.DEFAULT_EXCLUDED);

    assertThat(filter.admits("shop", Map.of())).isTrue();
    assertThat(filter.admits("kube-system", Map.of())).isFalse();
    assertThat(filter.admits("kube-node-lease", Map.of())).isFalse();
    assertThat(filter.admits("gke-managed-cim", Map.of())).isFalse();
    assertThat(filter.admits("gkeish", Map.of())).isTrue();
  }

  @Test
  void selectorSupportsEqualityAndSetsAndExistence() {
    NamespaceFilter filter = new NamespaceFilter("env in (prod, staging),team!=legacy,!skip,owner", List.of());

    assertThat(filter.admits("a", Map.of("env", "prod", "owner", "x"))).isTrue();
    assertThat(filter.admits("a", Map.of("env", "dev", "owner", "x"))).isFalse();
    assertThat(filter.admits("a", Map.of("env", "prod", "owner", "x", "team", "legacy"))).isFalse();
    assertThat(filter.admits("a", Map.of("env", "prod", "owner", "x", "skip", ""))).isFalse();
    assertThat(filter.admits("a", Map.of("env", "prod"))).isFalse();
    assertThat(new NamespaceFilter("tier notin (batch)", List.of()).admits("a", Map.of())).isTrue();
    assertThat(new NamespaceFilter("mesh==on", List.of()).admits("a", Map.of("mesh", "on"))).isTrue();
  }

  @Test
  void malformedSelectorIsRefused() {
    assertThatThrownBy(() -> new NamespaceFilter("env in prod", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parentheses");
  }
}
