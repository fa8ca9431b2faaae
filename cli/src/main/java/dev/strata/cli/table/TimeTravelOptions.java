package dev.strata.cli.table;

import dev.strata.cli.TimeArgs;
import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --version N | --timestamp T} of the reading commands. Checked by hand rather than with a
 * picocli argument group, which would make {@code --help} fail on the missing table argument.
 */
public final class TimeTravelOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--version", paramLabel = "N", description = "Read this version.")
  Long version;

  @Option(
      names = "--timestamp",
      paramLabel = "T",
      description = "Read the version current at this time (ISO-8601, UTC if no zone).")
  String timestamp;

  /** Whether a version or a time was given. */
  public boolean isSet() {
    return version != null || timestamp != null;
  }

  /** The snapshot asked for: at a version, as of a time, or the latest. */
  /**
   * Like {@link #snapshot} for commands that read data: an earlier version whose files VACUUM
   * deleted is refused by name instead of answered from statistics.
   */
  public Snapshot readableSnapshot(DeltaLog log) {
    return dev.strata.maintenance.TimeTravel.requireReadable(log, snapshot(log));
  }

  public Snapshot snapshot(DeltaLog log) {
    if (version != null && timestamp != null) {
      throw new ParameterException(
          spec.commandLine(), "--version and --timestamp are mutually exclusive");
    }
    if (version != null) {
      return log.snapshotAt(version);
    }
    if (timestamp != null) {
      return log.snapshotAsOf(TimeArgs.parse(timestamp));
    }
    return log.latestSnapshot();
  }
}
