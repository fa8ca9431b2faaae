package dev.strata.format;

/** An I/O failure in a {@link Storage} operation; the message names the path. */
public class StorageException extends StrataException {
  private final boolean outcomeUnknown;

  public StorageException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param outcomeUnknown true when the request may have taken effect (for example the connection
   *     broke after a PUT was sent); callers that need to know must look before retrying.
   */
  public StorageException(String message, Throwable cause, boolean outcomeUnknown) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /** Whether the failed operation may nevertheless have taken effect. */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
