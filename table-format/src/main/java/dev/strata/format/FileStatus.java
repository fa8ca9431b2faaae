package dev.strata.format;

/**
 * What a listing or a status call knows of a file.
 *
 * @param path absolute URI of the file
 * @param size length in bytes
 * @param modificationTime epoch milliseconds
 */
public record FileStatus(String path, long size, long modificationTime) {
  /** The last path segment. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
