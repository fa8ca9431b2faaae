package dev.strata.format;

/** The path does not exist. */
public class StorageFileNotFoundException extends StorageException {
  public StorageFileNotFoundException(String path) {
    super("File not found: " + path, null);
  }
}
