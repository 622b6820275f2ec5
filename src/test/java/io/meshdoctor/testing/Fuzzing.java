package io.meshdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property every fuzz target checks: a parser of outside data either returns a result or throws
 * its documented checked exception with a message a user can act on. Anything else escaping the
 * target (a RuntimeException, an Error) is a crash that Jazzer reports and saves.
 */
public final class Fuzzing {
  private Fuzzing() {}

  /** The refusal names what is wrong: a non-blank message. */
  public static void assertClearError(Exception refusal) {
    assertThat(refusal.getMessage()).as("message of %s", refusal.getClass().getSimpleName()).isNotBlank();
  }
}
