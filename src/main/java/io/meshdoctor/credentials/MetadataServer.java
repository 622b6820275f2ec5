package io.meshdoctor.credentials;

import io.meshdoctor.input.InputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Compute Engine metadata endpoints the guest agent fetches workload credentials from.
 * Answers 200, 404 and 412 are facts about the VM and are returned for interpretation; anything
 * else, and no answer at all, means the server could not be read, like an unreachable cluster.
 */
public final class MetadataServer {
  /** The metadata server answers locally within milliseconds; waiting longer only delays the report. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  private static final String PREFIX = "/computeMetadata/v1/instance/gce-workload-certificates/";

  public enum Endpoint {
    CONFIG_STATUS("config-status"),
    WORKLOAD_IDENTITIES("workload-identities"),
    TRUST_ANCHORS("trust-anchors");

    private final String name;

    Endpoint(String name) {
      this.name = name;
    }

    public String path() {
      return PREFIX + name;
    }
  }

  /** One HTTP answer of the metadata server. */
  public record Answer(Endpoint endpoint, URI uri, int status, String body) {}

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;

  /** {@code base} is the server's root, e.g. {@code http://metadata.google.internal}. */
  public MetadataServer(URI base, Duration timeout) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.timeout = timeout;
    // The metadata server speaks plain HTTP/1.1; no HTTP/2 upgrade attempt.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * {@code config-status}, then the two credential endpoints when it answered 200: a 404 or 412
   * there holds for all three, and the guide troubleshoots the others through it.
   */
  public List<Answer> query() throws InputException {
    List<Answer> answers = new ArrayList<>();
    Answer status = get(Endpoint.CONFIG_STATUS);
    answers.add(status);
    if (status.status() == 200) {
      answers.add(get(Endpoint.WORKLOAD_IDENTITIES));
      answers.add(get(Endpoint.TRUST_ANCHORS));
    }
    return answers;
  }

  public Answer get(Endpoint endpoint) throws InputException {
    URI uri = URI.create(base + endpoint.path());
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Metadata-Flavor", "Google").GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new InputException(uri + ": no answer within " + timeout.toMillis() + " ms (is this a Compute Engine VM?)", e);
    } catch (IOException e) {
      throw new InputException(uri + ": cannot connect (" + describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException(uri + ": interrupted", e);
    }
    int status = response.statusCode();
    if (status != 200 && status != 404 && status != 412) {
      throw new InputException(uri + ": unexpected HTTP " + status + " (" + response.body().strip().lines().findFirst().orElse("empty body") + ")");
    }
    return new Answer(endpoint, uri, status, response.body());
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
