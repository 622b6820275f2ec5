package io.meshdoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.meshdoctor.input.LiveSnapshotLoader;
import io.meshdoctor.snapshot.InputKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The fabric8 CRUD mock API server, wrapped so that it behaves more like a real one where our code
 * depends on it: groups can be "not installed" (404) or forbidden (403), list calls honour field
 * selectors on any field (the CRUD mock only knows name and namespace), and every request is
 * recorded for assertions. Faults can be injected: error answers to lists, watches or writes, open
 * watches expired with 410 Gone, slow answers, and a restart that drops every connection while
 * the objects survive, as they do in etcd.
 */
public final class ApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The mock logs every request at INFO through java.util.logging; held here so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** One request as the server saw it. */
  public record Request(String method, String path, String contentType) {}

  /** The next {@code remaining} requests that {@code matches} accepts are answered with {@code code}. */
  private record Fault(Predicate<Request> matches, AtomicInteger remaining, int code, String reason, String message) {}

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final Dispatcher dispatcher;
  private volatile KubernetesMockServer server;
  private final Set<String> notInstalled = ConcurrentHashMap.newKeySet();
  private final Map<String, String> forbidden = new ConcurrentHashMap<>();
  // A benchmark sends hundreds of thousands of requests: appending must stay cheap.
  private final java.util.Queue<Request> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();
  private final Map<Predicate<Request>, Duration> delays = new ConcurrentHashMap<>();

  public ApiServer() {
    KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    dispatcher = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return handle(request, crud);
      }
    };
    server = newServer();
    server.init();
  }

  private KubernetesMockServer newServer() {
    return new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, dispatcher, false);
  }

  public NamespacedKubernetesClient client() {
    return server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
  }

  /** Installs the MeshSecurityDiagnosis CRD as committed, as `helm install` does. */
  public ApiServer withDiagnosisCrd() throws IOException {
    try (KubernetesClient client = client(); InputStream crd = Files.newInputStream(Path.of("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml"))) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
    return this;
  }

  /** Writes a kubeconfig that points at this server, for the CLI and the packaged jar. */
  public Path writeKubeconfig(Path file) throws IOException {
    String url;
    try (KubernetesClient client = client()) {
      url = client.getMasterUrl().toString();
    }
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: mock
          context: {cluster: mock, user: tester, namespace: default}
        current-context: mock
        users:
        - name: tester
          user: {token: secret}
        """.formatted(url));
    return file;
  }

  /**
   * The handle to create or delete an object through; the GKE kinds, for which fabric8 has no
   * model, go through their resource definition as generic resources.
   */
  public static Resource<? extends HasMetadata> resource(KubernetesClient client, HasMetadata object) {
    for (InputKind kind : List.of(InputKind.WORKLOAD_CERTIFICATE_CONFIG, InputKind.TRUST_CONFIG)) {
      if (object instanceof GenericKubernetesResource generic && kind.apiVersion().equals(generic.getApiVersion())
          && kind.kind().equals(generic.getKind())) {
        return client.genericKubernetesResources(LiveSnapshotLoader.definition(kind)).resource(generic);
      }
    }
    return client.resource(object);
  }

  /** Answers 404 for every path of this API group, as a cluster without the CRDs does. */
  public ApiServer notInstalled(String group) {
    notInstalled.add("/apis/" + group + "/");
    return this;
  }

  /** Serves the group again (its CRDs were installed). */
  public ApiServer installed(String group) {
    notInstalled.remove("/apis/" + group + "/");
    return this;
  }

  /** Answers the next {@code times} requests of that method whose path contains {@code fragment} with 409 Conflict. */
  public ApiServer conflictNext(String method, String fragment, int times) {
    faults.add(new Fault(r -> r.method().equals(method) && r.path().contains(fragment), new AtomicInteger(times), 409, "Conflict",
        "the object has been modified; please apply your changes to the latest version and try again"));
    return this;
  }

  /** Answers the next {@code times} list calls (GET without watch) whose path contains {@code fragment} with {@code code}. */
  public ApiServer failLists(String fragment, int times, int code) {
    faults.add(new Fault(r -> r.method().equals("GET") && !isWatch(r.path()) && r.path().contains(fragment), new AtomicInteger(times),
        code, "InternalError", "etcdserver: request timed out"));
    return this;
  }

  /**
   * Fails the next {@code times} watch requests whose path contains {@code fragment}: each is
   * accepted and then ends with an ERROR event carrying {@code code}, as the API server ends a watch
   * its watch cache cannot serve. (Refusing the upgrade itself leaves the test server answering
   * every retry of that watch with 400, which no real server does.)
   */
  public ApiServer failWatches(String fragment, int times, int code) {
    faults.add(new Fault(r -> r.method().equals("GET") && isWatch(r.path()) && r.path().contains(fragment), new AtomicInteger(times),
        code, "ServiceUnavailable", "the server is currently unable to handle the request"));
    return this;
  }

  /** Watches currently open on the server. */
  public int openWatches() {
    return openWatches.size();
  }

  /**
   * Ends every open watch the way the API server does when etcd compacted past the watch's
   * resourceVersion: an ERROR event with a 410 Gone status, then the close. Returns how many.
   */
  public int expireOpenWatches() {
    List<WebSocket> expired = List.copyOf(openWatches);
    for (WebSocket socket : expired) {
      socket.send("{\"type\":\"ERROR\",\"object\":" + statusJson(410, "Expired", "too old resource version: 1 (4242)") + "}");
      socket.close(1000, "watch expired");
      openWatches.remove(socket);
    }
    return expired.size();
  }

  /** Delays every answer but watch upgrades by {@code answerDelay}; zero answers at once again. */
  public ApiServer slow(Duration answerDelay) {
    delays.clear();
    if (!answerDelay.isZero()) {
      delays.put(r -> true, answerDelay);
    }
    return this;
  }

  /**
   * Delays the answers to requests of that method whose path contains {@code fragment}. The request
   * takes effect at once, only its answer is late: a write in flight as the client sees it.
   */
  public ApiServer slow(String method, String fragment, Duration answerDelay) {
    delays.put(r -> r.method().equals(method) && r.path().contains(fragment), answerDelay);
    return this;
  }

  /**
   * Stops the server, dropping every connection and watch, and starts a new one on the same port
   * with the same objects and resourceVersions, as an API server restart over the same etcd does.
   */
  public synchronized ApiServer restart() throws UnknownHostException {
    int port = server.getPort();
    InetAddress host = InetAddress.getByName(server.getHostName());
    server.destroy();
    openWatches.clear();
    KubernetesMockServer restarted = newServer();
    restarted.init(host, port);
    server = restarted;
    return this;
  }

  private static boolean isWatch(String path) {
    return path.contains("watch=true");
  }

  /** Requests of a method whose path contains {@code fragment}. */
  public long requests(String method, String fragment) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().contains(fragment)).count();
  }

  /** Requests that changed objects (create, update, patch, delete) whose path contains {@code fragment}. */
  public long writesTo(String fragment) {
    return requests.stream().filter(r -> !r.method().equals("GET") && r.path().contains(fragment)).count();
  }

  /** Answers 403 for every request whose path starts with {@code pathPrefix}. */
  public ApiServer forbid(String pathPrefix, String resource) {
    forbidden.put(pathPrefix, resource);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private MockResponse handle(RecordedRequest request, Dispatcher crud) {
    MockResponse response = answer(request, crud);
    if (response.getWebSocketListener() != null) {
      return tracked(response);
    }
    Request recorded = new Request(request.getMethod(), request.getPath(), request.getHeader("Content-Type"));
    return delays.entrySet().stream().filter(d -> d.getKey().test(recorded)).map(Map.Entry::getValue).findFirst()
        .map(response::setBodyDelay)
        .orElse(response);
  }

  private MockResponse answer(RecordedRequest request, Dispatcher crud) {
    String path = request.getPath();
    Request recorded = new Request(request.getMethod(), path, request.getHeader("Content-Type"));
    requests.add(recorded);
    for (Fault fault : faults) {
      if (fault.matches().test(recorded) && fault.remaining().getAndDecrement() > 0) {
        return isWatch(path) ? watchError(fault.code(), fault.reason(), fault.message()) : status(fault.code(), fault.reason(), fault.message());
      }
    }
    for (String prefix : notInstalled) {
      if (path.startsWith(prefix)) {
        return status(404, "NotFound", "the server could not find the requested resource");
      }
    }
    for (Map.Entry<String, String> rule : forbidden.entrySet()) {
      if (path.startsWith(rule.getKey())) {
        return status(403, "Forbidden", rule.getValue() + " is forbidden: User \"system:serviceaccount:test:doctor\" cannot list resource");
      }
    }
    if (request.getMethod().equals("POST") && path.startsWith("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
      return accessReview(request);
    }
    if (request.getMethod().equals("POST") && path.startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return rulesReview();
    }
    Map<String, String> selector = customFieldSelector(path);
    if (selector.isEmpty()) {
      return crud.dispatch(request);
    }
    MockResponse response = crud.dispatch(withoutFieldSelector(request));
    if (path.contains("watch=true")) {
      return filterWatch(response, selector);
    }
    return filterItems(response, selector);
  }

  /** Answers access reviews: allowed unless the resource was declared forbidden. */
  private MockResponse accessReview(RecordedRequest request) {
    try {
      ObjectNode review = (ObjectNode) JSON.readTree(request.getUtf8Body());
      JsonNode attributes = review.path("spec").path("resourceAttributes");
      String group = attributes.path("group").asText("");
      String resource = attributes.path("resource").asText();
      String qualified = group.isEmpty() ? resource : resource + "." + group;
      boolean denied = forbidden.containsValue(qualified);
      review.putObject("status").put("allowed", !denied).put("reason", denied ? "RBAC: access denied" : "RBAC: allowed");
      return json(201, JSON.writeValueAsString(review));
    } catch (Exception e) {
      throw new IllegalStateException("unexpected access review", e);
    }
  }

  /** Grants what JOSDK checks before leader election: get, create and update on leases. */
  private static MockResponse rulesReview() {
    return json(201, """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","metadata":{},
         "spec":{"namespace":"default"},
         "status":{"incomplete":false,"nonResourceRules":[],
           "resourceRules":[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get","create","update","list","watch"]}]}}
        """);
  }

  private static MockResponse watchError(int code, String reason, String message) {
    String event = "{\"type\":\"ERROR\",\"object\":" + statusJson(code, reason, message) + "}";
    return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket socket, io.fabric8.mockwebserver.http.Response upgrade) {
        socket.send(event);
        socket.close(1000, reason);
      }
    });
  }

  /** Notes a watch as open from its upgrade until it closes, so that it can be expired. */
  private MockResponse tracked(MockResponse response) {
    WebSocketListener delegate = response.getWebSocketListener();
    return response.withWebSocketUpgrade(new WebSocketListener() {
      @Override
      public void onOpen(WebSocket socket, io.fabric8.mockwebserver.http.Response upgrade) {
        openWatches.add(socket);
        delegate.onOpen(socket, upgrade);
      }

      @Override
      public void onMessage(WebSocket socket, String text) {
        delegate.onMessage(socket, text);
      }

      @Override
      public void onClosing(WebSocket socket, int code, String reason) {
        openWatches.remove(socket);
        delegate.onClosing(socket, code, reason);
      }

      @Override
      public void onClosed(WebSocket socket, int code, String reason) {
        openWatches.remove(socket);
        delegate.onClosed(socket, code, reason);
      }

      @Override
      public void onFailure(WebSocket socket, Throwable failure, io.fabric8.mockwebserver.http.Response upgrade) {
        openWatches.remove(socket);
        delegate.onFailure(socket, failure, upgrade);
      }
    });
  }

  /** Passes on only the watch events whose object matches the selector, as a real API server sends them. */
  private static MockResponse filterWatch(MockResponse response, Map<String, String> selector) {
    WebSocketListener delegate = response.getWebSocketListener();
    if (delegate == null) {
      return response;
    }
    return response.withWebSocketUpgrade(new WebSocketListener() {
      private WebSocket filtering(WebSocket socket) {
        return new WebSocket() {
          @Override
          public RecordedRequest request() {
            return socket.request();
          }

          @Override
          public boolean send(String text) {
            try {
              JsonNode event = JSON.readTree(text);
              JsonNode object = event.path("object");
              if (object.path("kind").asText().equals("Status") || matches(object, selector)) {
                return socket.send(text);
              }
              return true;
            } catch (Exception e) {
              return socket.send(text);
            }
          }

          @Override
          public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
          }

          @Override
          public boolean close(int code, String reason) {
            return socket.close(code, reason);
          }
        };
      }

      @Override
      public void onOpen(WebSocket socket, io.fabric8.mockwebserver.http.Response upgrade) {
        delegate.onOpen(filtering(socket), upgrade);
      }

      @Override
      public void onMessage(WebSocket socket, String text) {
        delegate.onMessage(filtering(socket), text);
      }

      @Override
      public void onClosing(WebSocket socket, int code, String reason) {
        delegate.onClosing(filtering(socket), code, reason);
      }

      @Override
      public void onClosed(WebSocket socket, int code, String reason) {
        delegate.onClosed(filtering(socket), code, reason);
      }

      @Override
      public void onFailure(WebSocket socket, Throwable failure, io.fabric8.mockwebserver.http.Response upgrade) {
        delegate.onFailure(filtering(socket), failure, upgrade);
      }
    });
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  /** Field requirements other than metadata.name/namespace, which the CRUD mock cannot evaluate. */
  private static Map<String, String> customFieldSelector(String path) {
    Map<String, String> fields = new HashMap<>();
    int query = path.indexOf('?');
    if (query < 0) {
      return fields;
    }
    for (String parameter : path.substring(query + 1).split("&")) {
      if (!parameter.startsWith("fieldSelector=")) {
        continue;
      }
      String value = URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
      for (String requirement : value.split(",")) {
        String[] parts = requirement.split("=", 2);
        if (parts.length == 2 && !parts[0].startsWith("metadata.")) {
          fields.put(parts[0], parts[1]);
        }
      }
    }
    return fields;
  }

  private static RecordedRequest withoutFieldSelector(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    List<String> kept = new ArrayList<>();
    for (String parameter : path.substring(query + 1).split("&")) {
      if (!parameter.startsWith("fieldSelector=")) {
        kept.add(parameter);
      }
    }
    String stripped = path.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new RecordedRequest(request.getHttpVersion(), request.method(), stripped, request.getHeaders(), request.getBody());
  }

  private static MockResponse filterItems(MockResponse response, Map<String, String> selector) {
    if (response.code() != 200) {
      return response;
    }
    try {
      ObjectNode list = (ObjectNode) JSON.readTree(response.getBody().readUtf8());
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode item : list.path("items")) {
        if (matches(item, selector)) {
          kept.add(item);
        }
      }
      list.set("items", kept);
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(JSON.writeValueAsString(list));
    } catch (Exception e) {
      throw new IllegalStateException("unexpected list body", e);
    }
  }

  private static boolean matches(JsonNode item, Map<String, String> selector) {
    for (Map.Entry<String, String> field : selector.entrySet()) {
      JsonNode node = item;
      for (String part : field.getKey().split("\\.")) {
        node = node.path(part);
      }
      if (!field.getValue().equals(node.asText(null))) {
        return false;
      }
    }
    return true;
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(statusJson(code, reason, message));
  }

  private static String statusJson(int code, String reason, String message) {
    return """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s","reason":"%s","code":%d}"""
        .formatted(message.replace("\"", "\\\""), reason, code);
  }

  @Override
  public void close() {
    server.destroy();
  }
}
