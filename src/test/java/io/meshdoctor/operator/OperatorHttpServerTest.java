package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {
  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesAndMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("meshdoctor.analyses").register(registry).increment(3);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OperatorHttpServer server = new OperatorHttpServer(0, ready::get, registry)) {
      assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(503);

      ready.set(true);

      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(server.port(), "/metrics");
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body()).contains("meshdoctor_analyses_total 3.0");
    }
  }
}
