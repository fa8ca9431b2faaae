package dev.strata.log;

import dev.strata.format.types.StructType;
import java.util.List;

/** The files of a snapshot selected by a {@link ScanBuilder}, each readable as column batches. */
public interface Scan {

  /** The snapshot scanned. */
  Snapshot snapshot();

  /** The schema of the batches every file returns: the selected columns, logical names. */
  StructType readSchema();

  /** The files to read, in log order. */
  List<ScanFile> files();
}
