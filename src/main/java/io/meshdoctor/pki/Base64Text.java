package io.meshdoctor.pki;

import java.util.Base64;

/** Base64 as Kubernetes stores bytes in YAML and JSON: whitespace and line breaks are tolerated, nothing else. */
public final class Base64Text {
  private Base64Text() {}

  public static byte[] decode(String text) throws PkiException {
    if (text == null) {
      throw new PkiException("no value");
    }
    StringBuilder compact = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        compact.append(c);
      }
    }
    if (compact.length() == 0) {
      throw new PkiException("empty value");
    }
    if (compact.indexOf("-----BEGIN") >= 0) {
      throw new PkiException("holds PEM text where base64 of the PEM is required");
    }
    try {
      return Base64.getDecoder().decode(compact.toString());
    } catch (IllegalArgumentException e) {
      throw new PkiException("not valid base64 (" + e.getMessage() + ")", e);
    }
  }
}
