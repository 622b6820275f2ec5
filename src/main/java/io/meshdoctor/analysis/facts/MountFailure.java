package io.meshdoctor.analysis.facts;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A `FailedMount` event on a pod, with the volumes its kubelet message names. The message is the
 * only place the volume appears: `MountVolume.SetUp failed for volume "V" : ...` or
 * `Unable to attach or mount volumes: unmounted volumes=[V ...], ...`.
 */
public record MountFailure(
    String namespace, String podName, String podUid, List<String> volumes, String message, int count, Instant lastSeen) {
  public static final String REASON = "FailedMount";

  private static final Pattern FOR_VOLUME = Pattern.compile("for volume \"([^\"]+)\"");
  private static final Pattern UNMOUNTED = Pattern.compile("unmounted volumes=\\[([^\\]]*)\\]");

  /** The event as a pod mount failure, or null when it is not a FailedMount on a pod. */
  public static MountFailure of(Event event) {
    if (!REASON.equals(event.getReason())) {
      return null;
    }
    ObjectReference involved = event.getInvolvedObject();
    if (involved == null || !"Pod".equals(involved.getKind()) || involved.getName() == null) {
      return null;
    }
    String namespace = involved.getNamespace() != null ? involved.getNamespace() : event.getMetadata().getNamespace();
    String message = event.getMessage() == null ? "" : event.getMessage();
    return new MountFailure(namespace, involved.getName(), involved.getUid(), volumesNamed(message), message, count(event), lastSeen(event));
  }

  static List<String> volumesNamed(String message) {
    List<String> volumes = new ArrayList<>();
    Matcher single = FOR_VOLUME.matcher(message);
    while (single.find()) {
      volumes.add(single.group(1));
    }
    Matcher list = UNMOUNTED.matcher(message);
    while (list.find()) {
      for (String name : list.group(1).split("[\\s,]+")) {
        if (!name.isBlank()) {
          volumes.add(name);
        }
      }
    }
    return List.copyOf(volumes);
  }

  private static int count(Event event) {
    if (event.getCount() != null && event.getCount() > 0) {
      return event.getCount();
    }
    if (event.getSeries() != null && event.getSeries().getCount() != null && event.getSeries().getCount() > 0) {
      return event.getSeries().getCount();
    }
    return 1;
  }

  private static Instant lastSeen(Event event) {
    Instant series =
        event.getSeries() != null && event.getSeries().getLastObservedTime() != null
            ? KubeTime.parse(event.getSeries().getLastObservedTime().getTime())
            : null;
    Instant eventTime = event.getEventTime() != null ? KubeTime.parse(event.getEventTime().getTime()) : null;
    return KubeTime.firstKnown(
        series,
        KubeTime.parse(event.getLastTimestamp()),
        eventTime,
        KubeTime.parse(event.getFirstTimestamp()),
        KubeTime.parse(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp()));
  }

  /**
   * True when the failure is about the workload-certificate volume: the message names one of its
   * usual names or the CSI driver, or the pod (when known) has a named volume of that driver.
   */
  public boolean concernsWorkloadCertificates(Pod pod) {
    if (message.contains(WorkloadCertificatePods.CSI_DRIVER)) {
      return true;
    }
    for (String volume : volumes) {
      if (WorkloadCertificatePods.VOLUME_NAMES.contains(volume)) {
        return true;
      }
      if (pod != null && WorkloadCertificatePods.volume(pod, volume).filter(WorkloadCertificatePods::isWorkloadCertificateVolume).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** The workload-certificate volume the message names, for quoting; falls back to the first name. */
  public String workloadCertificateVolume() {
    return volumes.stream().filter(WorkloadCertificatePods.VOLUME_NAMES::contains).findFirst()
        .orElse(volumes.isEmpty() ? WorkloadCertificatePods.CSI_DRIVER : volumes.get(0));
  }
}
