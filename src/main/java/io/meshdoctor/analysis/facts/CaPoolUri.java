package io.meshdoctor.analysis.facts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates CA Service pool URIs (`//privateca.googleapis.com/projects/P/locations/L/caPools/N`) and
 * names the usual mistake when one is wrong.
 */
public final class CaPoolUri {
  public static final String FORM = "//privateca.googleapis.com/projects/PROJECT_ID/locations/LOCATION/caPools/POOL";

  private static final String HOST = "privateca.googleapis.com";
  private static final Pattern POOL =
      Pattern.compile("^//privateca\\.googleapis\\.com/projects/([^/]+)/locations/([^/]+)/caPools/([^/]+)$");
  private static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern CA_SUFFIX = Pattern.compile("^(.*/caPools/[^/]+)/certificateAuthorities/[^/]+/?$");

  private CaPoolUri() {}

  /** Null when {@code uri} is a well-formed pool URI, otherwise the likely mistake in one sentence. */
  public static String problem(String uri) {
    if (uri == null || uri.isBlank()) {
      return "is empty";
    }
    String value = uri.trim();
    Matcher pool = POOL.matcher(value);
    if (pool.matches()) {
      return POOL_ID.matcher(pool.group(3)).matches()
          ? null
          : "has pool ID '" + pool.group(3) + "'; pool IDs are 1-64 letters, digits, '_' or '-'";
    }
    if (value.startsWith("https:") || value.startsWith("http:")) {
      String fixed = value.substring(value.indexOf(':') + 1);
      return "starts with a scheme ('" + value.substring(0, value.indexOf(':') + 1) + "'); the URI has none"
          + suggestion(fixed);
    }
    Matcher caSuffix = CA_SUFFIX.matcher(value);
    if (caSuffix.matches()) {
      return "names a CA (…/certificateAuthorities/…) instead of a CA pool" + suggestion(caSuffix.group(1));
    }
    if (value.startsWith(HOST + "/")) {
      return "lacks the leading '//'" + suggestion("//" + value);
    }
    if (value.startsWith("/" + HOST + "/")) {
      return "starts with a single '/'" + suggestion("/" + value);
    }
    if (value.startsWith("projects/")) {
      return "lacks the leading '//" + HOST + "/'" + suggestion("//" + HOST + "/" + value);
    }
    if (value.startsWith("//") && !value.startsWith("//" + HOST + "/")) {
      return "names host '" + value.substring(2).split("/", 2)[0] + "' instead of " + HOST;
    }
    if (value.contains("/caPool/") || value.toLowerCase().contains("/capools/") && !value.contains("/caPools/")) {
      return "spells the collection wrong; it is 'caPools'";
    }
    return "is not of the form " + FORM;
  }

  private static String suggestion(String candidate) {
    return POOL.matcher(candidate).matches() ? "; write " + candidate : "; the form is " + FORM;
  }
}
