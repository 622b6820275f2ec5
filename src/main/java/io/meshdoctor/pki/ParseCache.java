package io.meshdoctor.pki;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last results, and refusals, by input text or key. The operator re-reads the same
 * PEM (one mesh root copied into every namespace, CSRs on every reconcile), so each distinct text
 * is parsed once and each signature checked once.
 */
final class ParseCache<T> {
  /** A parser that may refuse its input. */
  interface Parser<T> {
    T parse(String text) throws PkiException;
  }

  private final Map<String, Object> entries;

  ParseCache(int capacity) {
    this.entries = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > capacity;
      }
    };
  }

  @SuppressWarnings("unchecked")
  T get(String text, Parser<T> parser) throws PkiException {
    Object cached;
    synchronized (this) {
      cached = entries.get(text);
    }
    if (cached == null) {
      try {
        cached = parser.parse(text);
      } catch (PkiException e) {
        cached = e;
      }
      synchronized (this) {
        entries.put(text, cached);
      }
    }
    if (cached instanceof PkiException failure) {
      throw new PkiException(failure.getMessage(), failure);
    }
    return (T) cached;
  }
}
