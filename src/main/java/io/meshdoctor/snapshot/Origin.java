package io.meshdoctor.snapshot;

/** Where an object was read from: a file and the line its document starts on (0 when unknown). */
public record Origin(String file, int line) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
