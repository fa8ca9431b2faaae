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
 * With {@code strata.event-log.path} set, each job appends JSON lines, one {@link
 * dev.strata.engine.events.EngineEvent} record each, written and read by {@link
 * dev.strata.engine.events.EventLogFormat} (times in epoch milliseconds; every line carries {@code
 * event} and {@code version}; readers ignore fields they do not know; statuses are {@link
 * dev.strata.engine.events.Status} names):
 *
 * <ul>
 *   <li>{@code JobStart}: {@code jobId}, {@code time}, {@code description}, an optional {@code tag}
 *       (set with {@link dev.strata.engine.Strata#setJobTag}), and {@code stages}: per stage its
 *       {@code stageId}, {@code name}, {@code parents} (stage ids), {@code numTasks}, {@code
 *       exchange} (hash, broadcast, range, single, roundrobin or none), {@code skipped} (output
 *       taken from the cache) and {@code operators} (fused operators, scan first).
 *   <li>{@code StageStart}: {@code jobId}, {@code stageId}, {@code time}.
 *   <li>{@code TaskEnd}: {@code jobId}, {@code stageId}, {@code partition}, {@code attempt}, {@code
 *       thread}, {@code start}, {@code end}, {@code status} (SUCCEEDED, FAILED or CANCELLED),
 *       {@code error}, {@code inputRows}, {@code inputBytes}, {@code outputRows}, {@code
 *       shuffleReadBytes}, {@code shuffleWriteBytes}, {@code spillBytes}, {@code cacheHit}.
 *   <li>{@code StageEnd}: {@code jobId}, {@code stageId}, {@code time}, {@code status} (SUCCEEDED,
 *       FAILED or SKIPPED), {@code numTasks} and the stage totals of the task counters plus {@code
 *       durationMs}.
 *   <li>{@code JobEnd}: {@code jobId}, {@code time}, {@code status} (SUCCEEDED or FAILED), {@code
 *       error}, {@code executionMemoryPeakBytes}, {@code storageMemoryPeakBytes}, {@code
 *       executionMemoryBytes}, {@code storageMemoryBytes} (held at job end) and {@code spillBytes}.
 * </ul>
 *
 * <h2>Memory, spilling, caching and fault tolerance</h2>
 *
 * <ul>
 *   <li>Memory: one budget per session ({@code strata.memory.budget} bytes, or {@code
 *       strata.memory.fraction} (0.6) of the heap left after a reserve of min(300 MB, half the
 *       heap)), shared by execution and storage ({@code internal.memory.UnifiedMemoryManager}).
 *       Operators take execution memory through their task's {@code TaskMemoryManager} by
 *       subclassing {@code MemoryConsumer}; one task may hold at most budget / parallelism.
 *       Execution evicts cached blocks (least recently used first: MEMORY_AND_DISK blocks move to
 *       disk, MEMORY_ONLY blocks are dropped); storage never evicts execution. Job metrics and the
 *       JobEnd event carry both pools' peaks and current use.
 *   <li>Spilling: when execution memory is refused, hash aggregation writes its partial states to
 *       32 hash buckets on disk and merges them bucket by bucket; sort writes sorted runs and
 *       merges them k ways; shuffle map tasks write their buffered partitions to files (and the
 *       shuffle store keeps at most a quarter of the budget per shuffle in memory, the rest on
 *       disk); the build side of a shuffled hash join becomes a grace hash join over 16 buckets.
 *       Files go to {@code strata.spill.dir} (default: the system temp directory), one directory
 *       per job, deleted when the job ends, also on failure or cancellation. They use our own
 *       columnar batch encoding ({@code internal.spill.BatchCodec}). Spilled bytes are in {@link
 *       dev.strata.engine.StageMetrics#spillBytes()} and the events' {@code spillBytes}.
 *   <li>Caching: {@link dev.strata.engine.Dataset#persist}/{@code cache()}/{@code unpersist()}
 *       register the Dataset's plan with the session's {@code internal.cache.BlockManager}; later
 *       plans that contain it (by identity) get a {@code Persisted} node whose physical node reads
 *       through {@code ExecServices.getOrCompute}: the cached block, else compute and cache on the
 *       way. A job whose cached node has every partition skips the stages below it ({@code skipped}
 *       in JobStart, StageEnd status SKIPPED, explain() marks them) and pins those blocks until it
 *       ends. {@link dev.strata.engine.Strata#catalog()} lists what is cached.
 *   <li>Checkpoints: {@link dev.strata.engine.Dataset#checkpoint()} writes Parquet files into
 *       {@code strata.checkpoint.dir} (any URI {@code Storages.forPath} handles) and returns a scan
 *       of them; {@code localCheckpoint()} writes under the spill directory.
 *   <li>Retries and cancellation: a failed task is resubmitted with {@code attemptNumber + 1} up to
 *       {@code strata.task.max-failures} (4) attempts; then the job fails naming the task, stage
 *       and last error. {@code DagScheduler.injectFailure(stage, partition, attempt)} is the test
 *       hook. {@link dev.strata.engine.Strata#cancelAll()} fails every running job; the job waits
 *       for its tasks to stop, so their memory and spill files are freed when the call returns.
 * </ul>
 */
package dev.strata.engine;
