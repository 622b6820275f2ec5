package io.meshdoctor.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshdoctor.input.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach a live cluster: the standard kubeconfig resolution, overridable. */
public final class ClusterOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context to use.")
  String context;

  /** For one-shot commands: fail fast instead of retrying an unreachable cluster. */
  Config config() throws InputException {
    return new ConfigBuilder(baseConfig()).withRequestRetryBackoffLimit(1).build();
  }

  /** For the operator: the client's own retry and reconnect behaviour. */
  Config operatorConfig() throws InputException {
    return baseConfig();
  }

  private Config baseConfig() throws InputException {
    Config base;
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new InputException(kubeconfig + ": cannot read kubeconfig");
      }
      try {
        base = Config.fromKubeconfig(context, kubeconfig.toFile());
      } catch (RuntimeException e) {
        throw new InputException(kubeconfig + ": " + e.getMessage(), e);
      }
    } else {
      base = Config.autoConfigure(context);
    }
    return base;
  }

  KubernetesClient client() throws InputException {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }
}
