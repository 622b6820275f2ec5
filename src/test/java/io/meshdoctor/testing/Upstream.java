package io.meshdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Upstream data files under `src/test/resources/upstream` (provenance in its SOURCES.md). */
public final class Upstream {
  private Upstream() {}

  public static String read(String path) {
    try (InputStream in = Upstream.class.getResourceAsStream("/upstream/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no upstream fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
