package io.meshdoctor.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Compute Engine metadata server on loopback: answers each gce-workload-certificates endpoint as
 * told, and records the requests with their Metadata-Flavor header.
 */
public final class FakeMetadataServer implements AutoCloseable {
  /** The 404 page of a VM without managed workload identity, as Google's guide quotes it. */
  public static final String NOT_FOUND_PAGE = """
      <!DOCTYPE html>
      <html lang=en><title>Error 404 (Not Found)!!1</title>
      <p><b>404.</b> <ins>That's an error.</ins>
      <p>The requested URL <code>/computeMetadata/v1/instance/gce-workload-certificates/config-status</code>
      was not found on this server.  <ins>That's all we know.</ins>
      """;
  public static final String FEATURE_NOT_ENABLED = "workload certificate feature not enabled\n";

  public record Reply(int status, String body) {}

  /** A request received: the path and its Metadata-Flavor header. */
  public record Request(String path, String flavor) {}

  private final HttpServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;

  public FakeMetadataServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-metadata-server");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Metadata-Flavor")));
      if (hang) {
        awaitRelease();
      }
      Reply reply = replies.getOrDefault(path.substring(path.lastIndexOf('/') + 1), new Reply(404, NOT_FOUND_PAGE));
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Metadata-Flavor", "Google");
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Answers the endpoint named {@code endpoint} (e.g. "config-status") with this status and body. */
  public FakeMetadataServer reply(String endpoint, int status, String body) {
    replies.put(endpoint, new Reply(status, body));
    return this;
  }

  /** Answers all three endpoints alike. */
  public FakeMetadataServer replyToAll(int status, String body) {
    return reply("config-status", status, body).reply("workload-identities", status, body).reply("trust-anchors", status, body);
  }

  /** Accepts requests but never answers them until closed. */
  public FakeMetadataServer hang() {
    hang = true;
    return this;
  }

  public URI uri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  public List<Request> requests() {
    return requests;
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
