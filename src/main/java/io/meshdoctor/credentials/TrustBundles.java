package io.meshdoctor.credentials;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshdoctor.pki.Base64Text;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.PkiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code trust_bundles.json}: a SPIFFE bundle map, one JWK set per trust domain. Only keys whose
 * {@code use} is {@code x509-svid} are X.509 authorities (their {@code x5c} holds one base64 DER
 * certificate); other keys are ignored, and a bundle without such keys trusts nothing. The file is
 * read strictly otherwise, as SPIFFE libraries read it: any malformed part makes the whole map
 * unusable.
 *
 * @param authorities the X.509 authorities of each trust domain, by lower-case trust domain
 */
public record TrustBundles(Map<String, List<CertificateInfo>> authorities) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String X509_SVID = "x509-svid";

  public TrustBundles {
    authorities = Collections.unmodifiableMap(new TreeMap<>(authorities));
  }

  public static TrustBundles parse(String json) throws PkiException {
    Map<String, List<CertificateInfo>> authorities = new TreeMap<>();
    try (JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new PkiException("is not a JSON object keyed by trust domain");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        parser.nextToken();
        JsonNode bundle = MAPPER.readTree(parser);
        // Trust domains compare case-insensitively, so "A.org" and "a.org" are the same key twice.
        String domain = key.toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
          throw new PkiException("has an empty trust domain key");
        }
        if (authorities.containsKey(domain)) {
          throw new PkiException("has trust domain " + domain + " twice");
        }
        authorities.put(domain, x509Authorities(domain, bundle));
      }
      if (parser.nextToken() != null) {
        throw new PkiException("has content after the bundle map");
      }
    } catch (JacksonException e) {
      throw new PkiException("is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
    } catch (IOException e) {
      throw new PkiException("cannot be read (" + e.getMessage() + ")", e);
    }
    return new TrustBundles(authorities);
  }

  private static List<CertificateInfo> x509Authorities(String domain, JsonNode bundle) throws PkiException {
    if (bundle == null || !bundle.isObject()) {
      throw new PkiException("bundle of " + domain + " is not a JSON object");
    }
    JsonNode keys = bundle.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new PkiException("bundle of " + domain + " has no \"keys\" array");
    }
    List<CertificateInfo> roots = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonNode key = keys.get(i);
      if (!key.isObject()) {
        throw new PkiException("bundle of " + domain + ": key #" + (i + 1) + " is not a JSON object");
      }
      if (!X509_SVID.equals(key.path("use").asText(null))) {
        continue;
      }
      roots.add(certificate(domain, i + 1, key.get("x5c")));
    }
    return roots;
  }

  private static CertificateInfo certificate(String domain, int index, JsonNode x5c) throws PkiException {
    String where = "bundle of " + domain + ": x509-svid key #" + index;
    if (x5c == null || !x5c.isArray() || x5c.size() != 1 || !x5c.get(0).isTextual()) {
      throw new PkiException(where + " must have an \"x5c\" array of exactly one base64 DER certificate");
    }
    String text = x5c.get(0).asText();
    if (text.contains("-----BEGIN")) {
      throw new PkiException(where + ": x5c holds PEM text where base64 DER is required");
    }
    try {
      return CertificateInfo.parse(Base64Text.decode(text));
    } catch (PkiException e) {
      throw new PkiException(where + ": x5c " + e.getMessage(), e);
    }
  }

  public Set<String> domains() {
    return authorities.keySet();
  }

  /** The X.509 authorities of {@code domain}; empty when the map has no bundle for it. */
  public Optional<List<CertificateInfo>> forDomain(String domain) {
    return Optional.ofNullable(authorities.get(domain.toLowerCase(Locale.ROOT)));
  }
}
