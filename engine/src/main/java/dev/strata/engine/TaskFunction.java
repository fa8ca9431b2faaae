package dev.strata.engine;

import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;

/**
 * Work done once per partition of a Dataset by {@link Dataset#runTasks}: it consumes the
 * partition's batches and returns a result. It runs on a worker thread and may run again (another
 * attempt) if it fails, so it must not rely on side effects of an earlier attempt.
 */
@FunctionalInterface
public interface TaskFunction<R> {
  R apply(TaskContext context, Iterator<ColumnBatch> input) throws Exception;
}
