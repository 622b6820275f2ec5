package io.meshdoctor.input;

/** Input that cannot be read at all (a missing path, a syntax error, an unreachable cluster). */
public final class InputException extends Exception {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
