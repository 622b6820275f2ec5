package io.meshdoctor.analysis;

import java.util.Locale;

/** The cluster's SPIFFE trust domain and where it came from; {@code name} is null when unknown. */
public record TrustDomain(String name, Source source) {
  public enum Source {
    FLAG,
    CONFIG,
    INFERRED,
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static TrustDomain unknown() {
    return new TrustDomain(null, Source.UNKNOWN);
  }

  public boolean known() {
    return name != null;
  }
}
