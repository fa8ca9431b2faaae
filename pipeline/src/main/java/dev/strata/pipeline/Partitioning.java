package dev.strata.pipeline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a pipeline's partitioned steps split their work: by day, by a static list of keys, or not at
 * all. The column is the target tables' partition column, used by {@link
 * WriteMode#replacePartition()}.
 */
public sealed interface Partitioning {

  /** One partition per day; the column holds the date. */
  static Partitioning daily(String column) {
    return new Daily(column);
  }

  /** A fixed set of keys (regions, tenants, ...). */
  static Partitioning keys(String column, List<String> keys) {
    return new StaticKeys(column, List.copyOf(keys));
  }

  /** Every step writes its whole table in one unit of work. */
  static Partitioning none() {
    return new None();
  }

  /**
   * Every key of this partitioning from {@code from} to {@code to}, both included.
   *
   * @throws IllegalArgumentException when a bound is not a key of this partitioning
   */
  List<PartitionKey> range(String from, String to);

  /** The partition column, or null when unpartitioned. */
  String column();

  /** Daily partitions: keys are ISO dates. */
  record Daily(String column) implements Partitioning {
    /** Validates. */
    public Daily {
      Objects.requireNonNull(column, "column");
    }

    @Override
    public List<PartitionKey> range(String from, String to) {
      LocalDate a = PartitionKey.of(from).date();
      LocalDate b = PartitionKey.of(to).date();
      if (b.isBefore(a)) {
        throw new IllegalArgumentException("--to " + to + " is before --from " + from);
      }
      List<PartitionKey> out = new ArrayList<>();
      for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
        out.add(PartitionKey.of(d));
      }
      return out;
    }
  }

  /** A static list of keys, in the order given. */
  record StaticKeys(String column, List<String> keys) implements Partitioning {
    /** Validates. */
    public StaticKeys {
      Objects.requireNonNull(column, "column");
      keys = List.copyOf(keys);
    }

    @Override
    public List<PartitionKey> range(String from, String to) {
      int a = keys.indexOf(from);
      int b = keys.indexOf(to);
      if (a < 0 || b < 0) {
        throw new IllegalArgumentException(
            "Unknown partition key " + (a < 0 ? from : to) + "; the keys are " + keys);
      }
      if (b < a) {
        throw new IllegalArgumentException(to + " comes before " + from + " in " + keys);
      }
      return keys.subList(a, b + 1).stream().map(PartitionKey::of).toList();
    }
  }

  /** No partitions. */
  record None() implements Partitioning {
    @Override
    public List<PartitionKey> range(String from, String to) {
      return List.of(PartitionKey.UNPARTITIONED);
    }

    @Override
    public String column() {
      return null;
    }
  }
}
