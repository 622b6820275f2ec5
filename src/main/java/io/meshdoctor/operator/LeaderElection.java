package io.meshdoctor.operator;

import java.time.Duration;

/**
 * Leader election on a Lease, so two replicas can run with one active.
 *
 * @param exitOnStopLeading exit the process when leadership is lost: the only way back into the
 *     election, so always true outside tests
 */
public record LeaderElection(
    String leaseName, String leaseNamespace, String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
    boolean exitOnStopLeading) {

  public static LeaderElection standard(String leaseName, String leaseNamespace, String identity) {
    return new LeaderElection(leaseName, leaseNamespace, identity, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), true);
  }
}
