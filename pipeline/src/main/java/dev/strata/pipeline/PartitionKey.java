package dev.strata.pipeline;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The partition a (step, partition) unit of work processes: a date of a daily pipeline, one of a
 * static list of keys, or {@link #UNPARTITIONED} for a step that writes its whole table at once.
 *
 * @param value the key as text ({@code 2024-01-17}); empty for {@link #UNPARTITIONED}
 */
public record PartitionKey(String value) implements Comparable<PartitionKey> {
  /** The key of an unpartitioned step. */
  public static final PartitionKey UNPARTITIONED = new PartitionKey("");

  /** Validates the value. */
  public PartitionKey {
    Objects.requireNonNull(value, "value");
    if (value.contains("/") || value.contains("'")) {
      throw new IllegalArgumentException(
          "A partition key must not contain '/' or a quote: " + value);
    }
  }

  /** A key from text. */
  public static PartitionKey of(String value) {
    return new PartitionKey(value);
  }

  /** A daily key. */
  public static PartitionKey of(LocalDate date) {
    return new PartitionKey(date.toString());
  }

  /** True for {@link #UNPARTITIONED}. */
  public boolean isUnpartitioned() {
    return value.isEmpty();
  }

  /**
   * The key as a date.
   *
   * @throws IllegalStateException when the key is not an ISO date
   */
  public LocalDate date() {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("Partition key '" + value + "' is not a date (yyyy-MM-dd)");
    }
  }

  /** The text used in app ids, logs and the CLI: the value, or {@code all} when unpartitioned. */
  public String label() {
    return isUnpartitioned() ? "all" : value;
  }

  @Override
  public int compareTo(PartitionKey o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return label();
  }
}
