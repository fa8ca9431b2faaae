package dev.strata.format;

/** Data or a schema does not fit the schema expected; the message lists the differences. */
public class SchemaMismatchException extends StrataException {
  public SchemaMismatchException(String message) {
    super(message);
  }
}
