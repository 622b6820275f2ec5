package io.meshdoctor.repair;

/** Whether the operator repairs injector caBundles: never, only says what it would do, or does it. */
public enum RepairMode {
  OFF("off"),
  DRY_RUN("dryRun"),
  ENABLED("enabled");

  private final String label;

  RepairMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static RepairMode parse(String text) {
    for (RepairMode mode : values()) {
      if (mode.label.equalsIgnoreCase(text.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a repair mode (off, dryRun, enabled)");
  }
}
