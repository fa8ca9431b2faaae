package dev.strata.log;

/**
 * Where the deletion vector (the deleted row indexes) of a data file is stored.
 *
 * @param storageType {@code u} (relative path from a UUID, Z85), {@code p} (absolute path) or
 *     {@code i} (inline, Z85 bitmap)
 * @param pathOrInlineDv the encoded UUID/path or the inline bitmap
 * @param offset byte offset of the bitmap in its file; null for inline vectors
 * @param sizeInBytes size of the serialized bitmap
 * @param cardinality number of deleted rows
 * @param maxRowIndex optional
 */
public record DeletionVectorDescriptor(
    String storageType,
    String pathOrInlineDv,
    Integer offset,
    int sizeInBytes,
    long cardinality,
    Long maxRowIndex) {

  /** The id that, with the file path, identifies a file in log replay. */
  public String uniqueId() {
    String base = storageType + pathOrInlineDv;
    return offset == null ? base : base + "@" + offset;
  }

  /** Whether the bitmap is stored in the descriptor itself. */
  public boolean isInline() {
    return "i".equals(storageType);
  }
}
