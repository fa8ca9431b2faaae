package dev.strata.writer.internal;

import dev.strata.format.parquet.ParquetWriteOptions;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.log.AddCDCFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The change data files of one task: the changed rows with a {@code _change_type} column ({@code
 * insert}, {@code delete}, {@code update_preimage}, {@code update_postimage}), written under {@code
 * _change_data/} (partition directories below it) and committed as {@code cdc} actions, as Delta's
 * change data feed writes them.
 */
final class ChangeFiles {
  /** The directory of change data files in the table root. */
  static final String DIRECTORY = "_change_data";

  /** The column naming the kind of change. */
  static final String CHANGE_TYPE = "_change_type";

  static final String INSERT = "insert";
  static final String DELETE = "delete";
  static final String PREIMAGE = "update_preimage";
  static final String POSTIMAGE = "update_postimage";

  // Change files get task numbers of their own so their names never collide with data files.
  private static final int TASK_OFFSET = 500_000_000;

  private final StagedWrite staged;
  private final int task;
  private final StructType schema;
  private final StructType changeSchema;
  private final List<String> partitionColumns;
  private final ParquetWriteOptions options;
  private StagedWrite.Attempt attempt;
  private TaskFileWriter writer;

  ChangeFiles(
      StagedWrite staged,
      int task,
      StructType schema,
      List<String> partitionColumns,
      ParquetWriteOptions options) {
    this.staged = staged;
    this.task = task;
    this.schema = schema;
    this.changeSchema = withChangeType(schema);
    this.partitionColumns = partitionColumns;
    this.options = options;
  }

  static StructType withChangeType(StructType schema) {
    List<StructField> fields = new ArrayList<>(schema.fields());
    fields.add(StructField.of(CHANGE_TYPE, PrimitiveType.STRING));
    return new StructType(fields);
  }

  /** Records {@code rows} (in the table schema) as changes of {@code type}. */
  void write(ColumnBatch rows, String type) {
    if (rows == null || rows.numRows() == 0) {
      return;
    }
    if (writer == null) {
      attempt = staged.attempt(TASK_OFFSET + task, 0);
      writer =
          new TaskFileWriter(
              attempt,
              changeSchema,
              partitionColumns,
              options,
              WriteSpec.DEFAULT_TARGET_FILE_SIZE,
              WriteJob.DEFAULT_MAX_OPEN_FILES,
              DIRECTORY);
    }
    ColumnVector[] columns = new ColumnVector[schema.size() + 1];
    for (int i = 0; i < schema.size(); i++) {
      columns[i] = rows.column(i);
    }
    columns[schema.size()] = ColumnVector.constant(PrimitiveType.STRING, type, rows.numRows());
    writer.write(new ColumnBatch(changeSchema, columns, rows.numRows()));
  }

  /** Commits the files written; none when there was no change. */
  List<WrittenFile> finish() {
    if (writer == null) {
      return List.of();
    }
    return attempt.commit(writer.finish());
  }

  void abort() {
    if (writer != null) {
      writer.abort();
      attempt.abort();
    }
  }

  /** The {@code cdc} actions of written change files. */
  static List<AddCDCFile> toActions(List<WrittenFile> files) {
    List<AddCDCFile> actions = new ArrayList<>(files.size());
    for (WrittenFile f : files) {
      actions.add(
          new AddCDCFile(
              DataFiles.encodePath(f.relativePath()), f.partitionValues(), f.size(), false, null));
    }
    return actions;
  }
}
