package io.meshdoctor.pki;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A SPIFFE ID parsed by the rules of the SPIFFE-ID standard: scheme `spiffe`, a lower-case trust
 * domain without port or user info, path segments of `[A-Za-z0-9._-]` with no empty, `.` or `..`
 * segment, no query or fragment, at most 2048 bytes.
 */
public record SpiffeId(String trustDomain, String path) {
  private static final String SCHEME = "spiffe://";
  private static final int MAX_BYTES = 2048;
  private static final int MAX_TRUST_DOMAIN = 255;

  /** Namespace and service account of a Kubernetes-style ID `/ns/NS/sa/SA`. */
  public record Workload(String namespace, String serviceAccount) {}

  public static SpiffeId parse(String text) throws PkiException {
    if (text == null || text.isEmpty()) {
      throw new PkiException("empty SPIFFE ID");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new PkiException("SPIFFE ID longer than " + MAX_BYTES + " bytes");
    }
    if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new PkiException("'" + text + "' does not start with spiffe://");
    }
    if (text.indexOf('?') >= 0 || text.indexOf('#') >= 0) {
      throw new PkiException("'" + text + "' has a query or fragment");
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String trustDomain = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    checkTrustDomain(text, trustDomain);
    checkPath(text, path);
    return new SpiffeId(trustDomain, path);
  }

  private static void checkTrustDomain(String id, String trustDomain) throws PkiException {
    if (trustDomain.isEmpty()) {
      throw new PkiException("'" + id + "' has an empty trust domain");
    }
    if (trustDomain.length() > MAX_TRUST_DOMAIN) {
      throw new PkiException("'" + id + "' has a trust domain longer than " + MAX_TRUST_DOMAIN + " characters");
    }
    if (trustDomain.indexOf('@') >= 0) {
      throw new PkiException("'" + id + "' has user info in its trust domain");
    }
    if (trustDomain.indexOf(':') >= 0) {
      throw new PkiException("'" + id + "' has a port in its trust domain");
    }
    for (int i = 0; i < trustDomain.length(); i++) {
      char c = trustDomain.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      if (!allowed) {
        throw new PkiException(
            "'" + id + "' has character '" + c + "' in its trust domain (only lower-case letters, digits, '.', '-', '_')");
      }
    }
  }

  private static void checkPath(String id, String path) throws PkiException {
    if (path.isEmpty()) {
      return;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new PkiException("'" + id + "' has an empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new PkiException("'" + id + "' has a '" + segment + "' path segment");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        boolean allowed =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!allowed) {
          throw new PkiException("'" + id + "' has character '" + c + "' in its path");
        }
      }
    }
  }

  /** The namespace and service account when the path is exactly `/ns/NS/sa/SA`. */
  public Optional<Workload> workload() {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    List<String> segments = List.of(path.substring(1).split("/", -1));
    if (segments.size() == 4 && segments.get(0).equals("ns") && segments.get(2).equals("sa")) {
      return Optional.of(new Workload(segments.get(1), segments.get(3)));
    }
    return Optional.empty();
  }

  public boolean inTrustDomain(String domain) {
    return domain != null && trustDomain.equals(domain.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return SCHEME + trustDomain + path;
  }
}
