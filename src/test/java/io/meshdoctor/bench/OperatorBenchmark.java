package io.meshdoctor.bench;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.meshdoctor.input.LiveSnapshotLoader;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.testing.ApiServer;
import io.meshdoctor.testing.MeshFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator against a local API server holding the synthetic cluster. The operator runs as the
 * packaged jar in its own JVM with a 256 MiB heap limit, as in a pod; this JVM serves the API and
 * watches the diagnoses to time the operator's reactions.
 */
public final class OperatorBenchmark {
  /** Shorter than the operator's default, so that the idle period holds several periodic re-analyses. */
  private static final Duration REANALYSE_EVERY = Duration.ofSeconds(60);

  /** What was measured. */
  public record Figures(
      SyntheticCluster.Size size, double loadSeconds, double firstSyncSeconds, List<Double> failedMountMillis, List<Double> wccMillis,
      int idleSeconds, long idleAnalyses, long idleRequests, long idleWatches, long idleStatusWrites, long heapAfterSyncBytes, long heapAfterGcBytes) {

    public String report() {
      return String.format(Locale.ROOT, """
          operator: %d namespaces, %d pods, %d CSRs, %d events (loaded in %.0f s)
            first complete set of diagnoses: %.1f s after start
            FailedMount created -> MCD301 in the diagnosis: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d trials)
            WorkloadCertificateConfig deleted -> MCD102 in all %d diagnoses: p50 %.0f ms, p99 %.0f ms (%d trials)
            idle %d s (re-analysis every %d s): %d namespace analyses, %d API requests (%d of them watches re-opened), %d status writes
            heap used after full sync: %d MiB (after a full GC: %d MiB; limit -Xmx256m)""",
          size.namespaces(), size.pods(), size.csrs(), size.events(), loadSeconds, firstSyncSeconds,
          percentile(failedMountMillis, 50), percentile(failedMountMillis, 99), percentile(failedMountMillis, 100), failedMountMillis.size(),
          size.namespaces(), percentile(wccMillis, 50), percentile(wccMillis, 99), wccMillis.size(),
          idleSeconds, REANALYSE_EVERY.toSeconds(), idleAnalyses, idleRequests, idleWatches, idleStatusWrites, heapAfterSyncBytes >> 20, heapAfterGcBytes >> 20);
    }
  }

  private OperatorBenchmark() {}

  public static Figures run(SyntheticCluster.Size size, int trials, int wccTrials, int idleSeconds, Path work) throws Exception {
    Files.createDirectories(work);
    try (ApiServer server = new ApiServer().withDiagnosisCrd(); KubernetesClient client = server.client()) {
      Instant loadStart = Instant.now();
      // Dated from the real clock the operator runs on: no certificate expires or reaches its
      // rotation point during the run, so the idle period has no finding that time alone brings.
      load(client, new SyntheticCluster(size, 7, Instant.now().truncatedTo(ChronoUnit.MINUTES)).documents());
      double loadSeconds = Duration.between(loadStart, Instant.now()).toMillis() / 1000.0;

      DiagnosisWatch watch = new DiagnosisWatch(client);
      Path kubeconfig = server.writeKubeconfig(work.resolve("kubeconfig"));
      int port = 18000 + (int) (ProcessHandle.current().pid() % 1000);
      Instant started = Instant.now();
      Process operator = startOperator(kubeconfig, port, work);
      try {
        int expected = size.namespaces() + 1;
        watch.awaitCount(d -> d.getStatus() != null, expected, Duration.ofMinutes(10));
        double firstSync = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        Thread.sleep(2000);
        long heapAfterSync = heapUsed(port);

        List<Double> mounts = failedMountTrials(client, watch, size, trials);
        List<Double> wcc = wccTrials(client, watch, size, Math.max(1, wccTrials));

        Thread.sleep(2000);
        long requestsBefore = server.requests().size();
        long writesBefore = server.requests("PUT", "/status");
        double analysesBefore = metric(port, ANALYSES);
        Thread.sleep(idleSeconds * 1000L);
        List<ApiServer.Request> all = server.requests();
        List<ApiServer.Request> idle = all.subList((int) requestsBefore, all.size());
        long idleRequests = idle.size();
        long idleWatches = idle.stream().filter(r -> r.method().equals("GET") && r.path().contains("watch=true")).count();
        // What the operator asked while idle, so that a regression shows its cause.
        idle.stream().limit(20).forEach(r -> System.out.println("  idle request: " + r.method() + " " + r.path()));
        long idleWrites = server.requests("PUT", "/status") - writesBefore;
        long idleAnalyses = Math.round(metric(port, ANALYSES) - analysesBefore);

        long heapAfterGc = heapAfterGc(operator.pid());
        return new Figures(size, loadSeconds, firstSync, mounts, wcc, idleSeconds, idleAnalyses, idleRequests, idleWatches, idleWrites, heapAfterSync, heapAfterGc);
      } finally {
        operator.destroy();
        operator.waitFor();
        watch.close();
      }
    }
  }

  /** Creates the objects with a few parallel clients' worth of requests. */
  private static void load(KubernetesClient client, List<String> documents) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (String document : documents) {
      done.add(pool.submit(() -> {
        for (HasMetadata object : client.load(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8))).items()) {
          create(client, object);
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    pool.shutdown();
  }

  private static void create(KubernetesClient client, HasMetadata object) {
    if (object instanceof Event event) {
      // The API server assigns pod uids; an event naming another uid would describe an earlier pod.
      event.getInvolvedObject().setUid(null);
    }
    ApiServer.resource(client, object).create();
  }

  private static Process startOperator(Path kubeconfig, int port, Path work) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-jar", "target/mesh-cert-doctor.jar", "run", "--kubeconfig", kubeconfig.toString(),
        "--port", String.valueOf(port), "--leader-election", "false", "--trust-domain", MeshFixture.TRUST_DOMAIN,
        "--reanalyse-every", REANALYSE_EVERY.toSeconds() + "s",
        // The API server stamps every object with the time it was loaded, so with the default 15m the
        // pending CSRs would turn stale (MCD201) in the middle of the idle period: a change time
        // brings, which the operator must write, not resync noise.
        "--stale-after", "24h")
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("operator.log").toFile())
        .start();
  }

  private static List<Double> failedMountTrials(KubernetesClient client, DiagnosisWatch watch, SyntheticCluster.Size size, int trials)
      throws Exception {
    List<Double> latencies = new ArrayList<>();
    for (int trial = 0; trial < trials; trial++) {
      String namespace = SyntheticCluster.namespace(trial % size.namespaces());
      String pod = "bench-pod-" + trial;
      client.resource(client.getKubernetesSerialization().unmarshal(MeshFixture.workloadPod(namespace, pod, "sa-0", "Pending"),
          io.fabric8.kubernetes.api.model.Pod.class)).create();
      Thread.sleep(400);
      Event event = client.getKubernetesSerialization().unmarshal(MeshFixture.failedMount(namespace, pod,
          "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = caPEM is nil", 1, Instant.now()),
          Event.class);
      event.getInvolvedObject().setUid(null);
      long start = System.nanoTime();
      watch.expect(namespace, d -> d.getStatus() != null && d.getStatus().getFindings().stream()
          .anyMatch(f -> f.getCode().equals("MCD301") && f.getResource() != null && pod.equals(f.getResource().getName())));
      client.resource(event).create();
      long at = watch.awaitExpected(Duration.ofSeconds(30));
      latencies.add((at - start) / 1e6);
    }
    return latencies;
  }

  private static List<Double> wccTrials(KubernetesClient client, DiagnosisWatch watch, SyntheticCluster.Size size, int trials) throws Exception {
    List<Double> latencies = new ArrayList<>();
    var wccs = client.genericKubernetesResources(LiveSnapshotLoader.definition(InputKind.WORKLOAD_CERTIFICATE_CONFIG));
    GenericKubernetesResource original = wccs.withName("default").get();
    for (int trial = 0; trial < trials; trial++) {
      long start = System.nanoTime();
      long done = watch.awaitAll(size.namespaces(), d -> d.getStatus() != null && d.getMetadata().getNamespace().startsWith("team-")
          && d.getStatus().getFindings().stream().anyMatch(f -> f.getCode().equals("MCD102")), () -> wccs.withName("default").delete(),
          Duration.ofMinutes(2));
      latencies.add((done - start) / 1e6);
      GenericKubernetesResource restored = new GenericKubernetesResource();
      restored.setApiVersion(original.getApiVersion());
      restored.setKind(original.getKind());
      restored.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("default").build());
      restored.setAdditionalProperties(original.getAdditionalProperties());
      watch.awaitAll(size.namespaces(), d -> d.getStatus() != null && d.getMetadata().getNamespace().startsWith("team-")
          && d.getStatus().getFindings().stream().noneMatch(f -> f.getCode().equals("MCD102")), () -> wccs.resource(restored).create(),
          Duration.ofMinutes(2));
    }
    return latencies;
  }

  private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} ([0-9.E]+)");
  private static final Pattern ANALYSES = Pattern.compile("(?m)^meshdoctor_analyses_total(?:\\{[^}]*\\})? ([0-9.E]+)$");

  private static long heapUsed(int port) throws Exception {
    return (long) metric(port, HEAP);
  }

  /** The sum of the operator's metric samples the pattern matches. */
  private static double metric(int port, Pattern samples) throws Exception {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double total = 0;
    Matcher matcher = samples.matcher(metrics);
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  /** Heap in use after a full collection, from the JDK's own diagnostic command. */
  private static long heapAfterGc(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
    Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
    String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    info.waitFor();
    Matcher matcher = USED.matcher(text);
    return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
  }

  static double percentile(List<Double> values, int percentile) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** Watches the diagnoses and timestamps the moment they satisfy what a trial waits for. */
  private static final class DiagnosisWatch implements AutoCloseable {
    private final SharedIndexInformer<MeshSecurityDiagnosis> informer;
    private volatile String namespace;
    private volatile Predicate<MeshSecurityDiagnosis> condition;
    private volatile long seenAt;
    private final Map<String, Long> reached = new ConcurrentHashMap<>();
    private volatile Predicate<MeshSecurityDiagnosis> allCondition;

    DiagnosisWatch(KubernetesClient client) {
      informer = client.resources(MeshSecurityDiagnosis.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(MeshSecurityDiagnosis diagnosis) {
          seen(diagnosis);
        }

        @Override
        public void onUpdate(MeshSecurityDiagnosis before, MeshSecurityDiagnosis after) {
          seen(after);
        }

        @Override
        public void onDelete(MeshSecurityDiagnosis diagnosis, boolean unknown) {}
      });
    }

    private void seen(MeshSecurityDiagnosis diagnosis) {
      long now = System.nanoTime();
      Predicate<MeshSecurityDiagnosis> single = condition;
      if (single != null && seenAt == 0 && diagnosis.getMetadata().getNamespace().equals(namespace) && single.test(diagnosis)) {
        seenAt = now;
      }
      Predicate<MeshSecurityDiagnosis> all = allCondition;
      if (all != null && all.test(diagnosis)) {
        reached.putIfAbsent(diagnosis.getMetadata().getNamespace(), now);
      }
    }

    void awaitCount(Predicate<MeshSecurityDiagnosis> predicate, int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (informer.getStore().list().stream().filter(predicate).count() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + informer.getStore().list().stream().filter(predicate).count() + " of " + count + " diagnoses");
        }
        Thread.sleep(100);
      }
    }

    void expect(String namespace, Predicate<MeshSecurityDiagnosis> predicate) {
      this.seenAt = 0;
      this.namespace = namespace;
      this.condition = predicate;
    }

    long awaitExpected(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seenAt == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the diagnosis of " + namespace + " did not change in time");
        }
        Thread.sleep(1);
      }
      condition = null;
      return seenAt;
    }

    /** Runs {@code change} and returns when {@code count} diagnoses satisfied the predicate. */
    long awaitAll(int count, Predicate<MeshSecurityDiagnosis> predicate, Runnable change, Duration timeout) throws InterruptedException {
      reached.clear();
      allCondition = predicate;
      change.run();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (reached.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + reached.size() + " of " + count + " diagnoses changed in time");
        }
        Thread.sleep(5);
      }
      allCondition = null;
      return Collections.max(reached.values());
    }

    @Override
    public void close() {
      informer.close();
    }
  }
}
