/**
 * Strata's engine: Spark-like lazy Datasets executed in one JVM on column batches.
 *
 * <p>Entry points: {@link dev.strata.engine.Strata} (session), {@link dev.strata.engine.Dataset},
 * {@link dev.strata.engine.functions}, {@link dev.strata.engine.Expressions} (SQL expressions for
 * other modules), {@link dev.strata.engine.DataWriter} (writes, executed by the writer module via
 * {@link dev.strata.engine.spi.WriteExecutor}) and {@link dev.strata.engine.Dataset#runTasks} (one
 * task per partition, as a job with metrics and retries).
 *
 * <h2>Execution</h2>
 *
 * An action plans the Dataset's logical plan into physical operators and runs one job. The DAG
 * scheduler cuts the operator graph into stages at exchanges: a hash, range, single or round-robin
 * shuffle, or a broadcast. Stages whose parent stages are done run at once; each stage runs one
 * task per partition on the session's {@code strata-worker-N} threads. A failed task is retried up
 * to {@code strata.task.max-failures} attempts.
 *
 * <h2>Event log</h2>
 *
 * With {@code strata.event-log.path} set, each job appends JSON lines (times in epoch milliseconds;
 * readers ignore fields they do not know):
 *
 * <ul>
 *   <li>{@code JobStart}: {@code jobId}, {@code time}, {@code description}, an optional {@code tag}
 *       (set with {@link dev.strata.engine.Strata#setJobTag}), and {@code stages}: per stage its
 *       {@code stageId}, {@code name}, {@code parents} (stage ids), {@code numTasks}, {@code
 *       exchange} (hash, broadcast, range, single, roundrobin or none), {@code skipped} (output
 *       taken from the cache) and {@code operators} (fused operators, scan first).
 *   <li>{@code StageStart}: {@code jobId}, {@code stageId}, {@code time}.
 *   <li>{@code TaskEnd}: {@code jobId}, {@code stageId}, {@code partition}, {@code attempt}, {@code
 *       thread}, {@code start}, {@code end}, {@code status} (SUCCESS, FAILED or KILLED), {@code
 *       error}, {@code inputRows}, {@code inputBytes}, {@code outputRows}, {@code
 *       shuffleReadBytes}, {@code shuffleWriteBytes}, {@code spillBytes}, {@code cacheHit}.
 *   <li>{@code StageEnd}: {@code jobId}, {@code stageId}, {@code time}, {@code status} (SUCCESS,
 *       FAILED or SKIPPED), {@code numTasks} and the stage totals of the task counters plus {@code
 *       durationMs}.
 *   <li>{@code JobEnd}: {@code jobId}, {@code time}, {@code status} (SUCCESS or FAILED), {@code
 *       error}, {@code executionMemoryPeakBytes}, {@code storageMemoryPeakBytes}.
 * </ul>
 *
 * <h2>Hooks for memory management, caching and fault tolerance</h2>
 *
 * <ul>
 *   <li>Memory: operators take execution memory through a per-task {@code
 *       internal.memory.TaskMemoryManager} by subclassing {@code MemoryConsumer} ({@code
 *       acquire}/{@code release}; {@code spill(bytes)} is called when the session's {@code
 *       MemoryManager} cannot grant a request). Hash aggregation, join build sides, sort and dedupe
 *       buffers do so today; the session uses an accounting-only {@code AccountingMemoryManager}
 *       (replace it in {@code SessionState}).
 *   <li>Shuffle data lives behind {@code internal.shuffle.ShuffleStore} (in memory now).
 *   <li>Caching: a logical {@code Persisted(key, plan)} node marks a plan whose partitions may be
 *       cached; its physical node gets {@code cacheKey}, and {@code PhysicalNode.iterator} then
 *       reads through {@code ExecServices.getOrCompute} (cached block, then checkpoint, then
 *       compute). The default computes.
 *   <li>Retries: {@code DagScheduler} resubmits a failed task with {@code attemptNumber + 1}.
 * </ul>
 */
package dev.strata.engine;
