package dev.strata.format;

/**
 * A data file could not be decoded: it is truncated, not in the expected format, or its content
 * contradicts its own metadata. The message names the file; re-create or remove the file.
 */
public class CorruptFileException extends StrataException {
  private final String path;

  public CorruptFileException(String path, String problem, Throwable cause) {
    super("Corrupt or unreadable file " + path + ": " + problem, cause);
    this.path = path;
  }

  /** The file that could not be read. */
  public String path() {
    return path;
  }
}
