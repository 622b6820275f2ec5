package io.meshdoctor.pki;

/** Certificate material that cannot be decoded or parsed; the message says what and why. */
public final class PkiException extends Exception {
  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
