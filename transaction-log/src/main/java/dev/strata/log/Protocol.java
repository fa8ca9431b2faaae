package dev.strata.log;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code protocol} action: the reader and writer versions (and, at reader 3 / writer 7, the
 * table features) a client must implement to read or write the table.
 *
 * @param readerFeatures null unless {@code minReaderVersion == 3}
 * @param writerFeatures null unless {@code minWriterVersion == 7}
 */
public record Protocol(
    int minReaderVersion,
    int minWriterVersion,
    Set<String> readerFeatures,
    Set<String> writerFeatures)
    implements Action {

  /** What new Strata tables are created with: reader 1, writer 2, no table features. */
  public static final Protocol DEFAULT = new Protocol(1, 2, null, null);

  public Protocol {
    readerFeatures =
        readerFeatures == null
            ? null
            : Collections.unmodifiableSet(new LinkedHashSet<>(readerFeatures));
    writerFeatures =
        writerFeatures == null
            ? null
            : Collections.unmodifiableSet(new LinkedHashSet<>(writerFeatures));
  }

  /** A protocol without table features. */
  public static Protocol of(int minReaderVersion, int minWriterVersion) {
    return new Protocol(minReaderVersion, minWriterVersion, null, null);
  }

  /** Whether the reader features (reader 3) include {@code feature}. */
  public boolean hasReaderFeature(String feature) {
    return readerFeatures != null && readerFeatures.contains(feature);
  }

  /** Whether the writer features (writer 7) include {@code feature}. */
  public boolean hasWriterFeature(String feature) {
    return writerFeatures != null && writerFeatures.contains(feature);
  }

  /** A short form such as {@code 3/7 readerFeatures=[deletionVectors] writerFeatures=[...]}. */
  public String describe() {
    StringBuilder s =
        new StringBuilder().append(minReaderVersion).append('/').append(minWriterVersion);
    if (readerFeatures != null) {
      s.append(" readerFeatures=").append(readerFeatures);
    }
    if (writerFeatures != null) {
      s.append(" writerFeatures=").append(writerFeatures);
    }
    return s.toString();
  }
}
