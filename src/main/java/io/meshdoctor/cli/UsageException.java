package io.meshdoctor.cli;

/** A combination of options that cannot work; reported in one line with exit status 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
