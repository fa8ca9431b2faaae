package dev.strata.engine.internal.spill;

import dev.strata.engine.internal.memory.MemoryConsumer;
import dev.strata.engine.internal.memory.TaskMemoryManager;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Batches kept per bucket (a shuffle partition, a grace-hash bucket) in execution memory; when the
 * task cannot get more memory, every bucket's batches go to its spill file and memory is returned.
 * Reading a bucket gives its spilled batches, then those still in memory.
 *
 * <p>It takes the task's memory manager and the session's spill manager rather than the task
 * context, so that spilling does not depend on the operators that use it.
 */
public final class SpillableBuffer extends MemoryConsumer {
  private final TaskMemoryManager taskMemory;
  private final SpillManager spills;
  private final int jobId;
  private final StructType schema;
  private final String prefix;
  private final List<List<ColumnBatch>> memory = new ArrayList<>();
  private final SpillManager.Writer[] writers;
  private final SpillManager.SpillFile[] files;
  private long spilledBytes;
  private boolean finished;

  /**
   * @param taskMemory the task's memory manager: the buffer holds execution memory there and
   *     reports the bytes it spilled
   * @param spills where spill files go, one directory per job
   * @param jobId the job whose spill directory the files go to
   */
  public SpillableBuffer(
      TaskMemoryManager taskMemory,
      SpillManager spills,
      int jobId,
      StructType schema,
      int buckets,
      String name) {
    super(taskMemory, name);
    this.taskMemory = taskMemory;
    this.spills = spills;
    this.jobId = jobId;
    this.schema = schema;
    this.prefix = name.replace(' ', '-');
    for (int i = 0; i < buckets; i++) {
      memory.add(new ArrayList<>());
    }
    writers = new SpillManager.Writer[buckets];
    files = new SpillManager.SpillFile[buckets];
  }

  public int buckets() {
    return memory.size();
  }

  /** Adds a batch to a bucket; may spill this buffer (or others of the task) to make room. */
  public void add(int bucket, ColumnBatch b) {
    if (b.numRows() == 0) {
      return;
    }
    long size = b.sizeInBytes();
    long got = acquire(size);
    if (got < size) {
      // no memory: this batch goes straight to disk with everything else
      release(got);
      spillAll();
      writer(bucket).write(b);
      return;
    }
    memory.get(bucket).add(b);
  }

  /** Writes a batch straight to a bucket's spill file (the caller is short of memory). */
  public void addToDisk(int bucket, ColumnBatch b) {
    if (b.numRows() > 0) {
      writer(bucket).write(b);
    }
  }

  /** Whether anything went to disk. */
  public boolean spilled() {
    return spilledBytes > 0 || anyWriter();
  }

  private boolean anyWriter() {
    for (SpillManager.Writer w : writers) {
      if (w != null) {
        return true;
      }
    }
    return false;
  }

  private SpillManager.Writer writer(int bucket) {
    if (writers[bucket] == null) {
      writers[bucket] = spills.new Writer(jobId, prefix);
    }
    return writers[bucket];
  }

  @Override
  public long spill(long bytes) {
    if (finished) {
      return 0;
    }
    return spillAll();
  }

  private long spillAll() {
    long freed = 0;
    for (int i = 0; i < memory.size(); i++) {
      List<ColumnBatch> l = memory.get(i);
      if (l.isEmpty()) {
        continue;
      }
      SpillManager.Writer w = writer(i);
      for (ColumnBatch b : l) {
        w.write(b);
      }
      l.clear();
    }
    freed = used();
    release(freed);
    return freed;
  }

  /** Closes the spill files; call before reading. */
  public void finish() {
    if (finished) {
      return;
    }
    finished = true;
    for (int i = 0; i < writers.length; i++) {
      if (writers[i] != null) {
        files[i] = writers[i].finish();
        spilledBytes += files[i].bytes();
        writers[i] = null;
      }
    }
    if (spilledBytes > 0) {
      taskMemory.addSpilledBytes(spilledBytes);
    }
  }

  /** The spill file of a bucket (after {@link #finish}), or null. */
  public SpillManager.SpillFile file(int bucket) {
    return files[bucket];
  }

  /** The in-memory batches of a bucket. */
  public List<ColumnBatch> inMemory(int bucket) {
    return memory.get(bucket);
  }

  /** Everything of a bucket: spilled batches first. Call {@link #finish} first. */
  public Iterator<ColumnBatch> read(int bucket) {
    List<ColumnBatch> mem = memory.get(bucket);
    SpillManager.SpillFile f = files[bucket];
    if (f == null) {
      return mem.iterator();
    }
    Iterator<ColumnBatch> disk = f.read(schema);
    Iterator<ColumnBatch> m = mem.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return disk.hasNext() || m.hasNext();
      }

      @Override
      public ColumnBatch next() {
        return disk.hasNext() ? disk.next() : m.next();
      }
    };
  }

  /** Bytes written to spill files. */
  public long spilledBytes() {
    return spilledBytes;
  }

  /** Drops a bucket's memory (after it was consumed). */
  public void clearBucket(int bucket) {
    long b = 0;
    for (ColumnBatch x : memory.get(bucket)) {
      b += x.sizeInBytes();
    }
    memory.get(bucket).clear();
    release(b);
    if (files[bucket] != null) {
      files[bucket].delete();
    }
  }
}
