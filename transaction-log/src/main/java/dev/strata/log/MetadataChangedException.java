package dev.strata.log;

/** A concurrent commit changed the table metadata (schema, partitioning, properties). */
public class MetadataChangedException extends ConcurrentModificationException {
  public MetadataChangedException(String message) {
    super(message);
  }

  public MetadataChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}
