package dev.strata.writer.internal;

import dev.strata.engine.Column;
import dev.strata.engine.Dataset;
import dev.strata.engine.PartitionOverwriteMode;
import dev.strata.engine.WriteOptions;
import dev.strata.engine.WriteResult;
import dev.strata.engine.spi.WriteExecutor;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.types.StructType;
import dev.strata.log.DeltaLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer behind {@code dataset.write()...save(uri)}, found by the engine through {@link
 * java.util.ServiceLoader}.
 */
public final class StrataWriteExecutor implements WriteExecutor {

  @Override
  public WriteResult write(Dataset data, WriteOptions options, String uri) {
    String table = StoragePaths.normalize(uri);
    DeltaLog log = DeltaLog.forTable(Storages.forPath(table), table);
    WriteSpec spec =
        new WriteSpec(
            switch (options.mode()) {
              case APPEND -> WriteSpec.Mode.APPEND;
              case OVERWRITE -> WriteSpec.Mode.OVERWRITE;
              case ERROR_IF_EXISTS -> WriteSpec.Mode.ERROR_IF_EXISTS;
              case IGNORE -> WriteSpec.Mode.IGNORE;
            },
            options.partitionBy(),
            options.replaceWhere(),
            options.partitionOverwriteMode() == PartitionOverwriteMode.DYNAMIC,
            options.mergeSchema(),
            options.overwriteSchema(),
            options.targetFileSize(),
            options.appId(),
            options.appVersion(),
            options.userMetadata(),
            options.properties(),
            withSessionDefaults(data, options.options()));
    EngineBridgeImpl bridge = new EngineBridgeImpl(data.strata());
    WriteOutcome outcome = new WriteJob(log, bridge).run(spec, input(data, table));
    return new WriteResult(
        outcome.version(),
        outcome.skipped(),
        outcome.filesAdded(),
        outcome.filesRemoved(),
        outcome.bytesAdded(),
        outcome.bytesRemoved(),
        outcome.rowsWritten(),
        outcome.durationMs(),
        outcome.metrics());
  }

  /** Write options, with the session's {@link WriteJob#OPTIMIZE} when the write sets none. */
  private static Map<String, String> withSessionDefaults(
      Dataset data, Map<String, String> options) {
    String optimize = data.strata().conf(WriteJob.OPTIMIZE);
    if (optimize == null || options.containsKey(WriteJob.OPTIMIZE)) {
      return options;
    }
    Map<String, String> out = new LinkedHashMap<>(options);
    out.put(WriteJob.OPTIMIZE, optimize);
    return out;
  }

  private static EngineBridge.WriteInput input(Dataset data, String table) {
    return new EngineBridge.WriteInput() {
      @Override
      public StructType schema() {
        return data.schema();
      }

      @Override
      public <R> List<R> runTasks(EngineBridge.TaskBody<R> body) {
        return data.runTasks(
            (context, input) -> body.run(context.partitionId(), context.attemptNumber(), input),
            "write " + table);
      }

      @Override
      public long estimatedBytes() {
        return data.estimatedSizeInBytes();
      }

      @Override
      public EngineBridge.WriteInput clusteredBy(List<String> columns) {
        Column[] keys = new Column[columns.size()];
        for (int i = 0; i < keys.length; i++) {
          int at = data.schema().indexOf(columns.get(i));
          if (at < 0) {
            return this; // a partition column the data lacks is null in every row
          }
          keys[i] = data.col("`" + data.schema().field(at).name() + "`");
        }
        return input(data.repartition(data.strata().parallelism(), keys), table);
      }

      @Override
      public EngineBridge.WriteInput sortedBy(List<String> columns) {
        Column[] keys = new Column[columns.size()];
        for (int i = 0; i < keys.length; i++) {
          int at = data.schema().indexOf(columns.get(i));
          if (at < 0) {
            return this;
          }
          keys[i] = data.col("`" + data.schema().field(at).name() + "`");
        }
        EngineBridge.WriteInput sorted = input(data.orderBy(keys), table);
        return new EngineBridge.WriteInput() {
          @Override
          public <R> List<R> runTasks(EngineBridge.TaskBody<R> body) {
            return sorted.runTasks(body);
          }

          @Override
          public StructType schema() {
            return sorted.schema();
          }

          @Override
          public long estimatedBytes() {
            return sorted.estimatedBytes();
          }

          @Override
          public boolean sortedByPartition() {
            return true;
          }
        };
      }
    };
  }
}
