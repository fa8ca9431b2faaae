package dev.strata.pipeline;

import dev.strata.engine.DataReader;
import dev.strata.engine.DataWriter;
import dev.strata.engine.Dataset;
import dev.strata.engine.SaveMode;
import dev.strata.engine.Strata;
import dev.strata.engine.WriteResult;
import dev.strata.engine.functions;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.log.CommitStateUnknownException;
import dev.strata.log.ConcurrentModificationException;
import dev.strata.log.DeltaLog;
import dev.strata.pipeline.run.ReportPaths;
import dev.strata.writer.MergeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in-JVM steps on a Strata engine session. Each run gets its own session, configured like the
 * caller's, whose event log goes to {@code <lakehouse>/_strata/events/<runId>.jsonl}; each step's
 * engine jobs carry its job tag ({@code step/partition}).
 */
final class StrataSession implements EngineSession {
  private static final Logger LOG = LoggerFactory.getLogger(StrataSession.class);

  /** Immediate rewrites after a conflict with a concurrent commit, before the step fails. */
  static final int MAX_CONFLICT_RETRIES = 10;

  /** Set to {@code false} to run on the caller's session without a per-run event log. */
  static final String EVENT_LOG_KEY = "strata.pipeline.event-log";

  private final Strata strata;

  StrataSession(Strata strata) {
    this.strata = strata;
  }

  @Override
  public RunLog defaultRunLog(Pipeline pipeline) {
    return new TableRunLog(strata, pipeline.runLogTable());
  }

  @Override
  public RunScope openRun(Pipeline pipeline, String runId) {
    if ("false".equals(strata.conf(EVENT_LOG_KEY))) {
      return new Scope(pipeline, strata, null, null);
    }
    String eventLog = ReportPaths.eventLog(pipeline.lakehouse(), runId);
    Path local;
    Path temp = null;
    try {
      if (StoragePaths.scheme(eventLog).equals("file")) {
        local = StoragePaths.toLocalPath(eventLog);
        Files.createDirectories(local.getParent());
      } else {
        temp = Files.createTempFile("strata-events-" + runId, ".jsonl");
        local = temp;
      }
    } catch (IOException e) {
      LOG.warn("No event log for run {}: {}", runId, e.toString());
      return new Scope(pipeline, strata, null, null);
    }
    Strata.Builder b = Strata.builder();
    strata.conf().forEach(b::config);
    Strata session = b.eventLog(local.toString()).build();
    return new Scope(pipeline, session, temp == null ? null : eventLog, temp);
  }

  private final class Scope implements RunScope {
    private final Pipeline pipeline;
    private final Strata session;
    private final String uploadTo;
    private final Path temp;

    Scope(Pipeline pipeline, Strata session, String uploadTo, Path temp) {
      this.pipeline = pipeline;
      this.session = session;
      this.uploadTo = uploadTo;
      this.temp = temp;
    }

    @Override
    public Scheduler.NodeResult execute(Step step, PlanNode node, long version) throws Exception {
      TransformStep t = (TransformStep) step;
      session.setJobTag(node.jobTag());
      try {
        Dataset out =
            t.transformation().apply(new StepInputs(pipeline, t, node.key, session), node.key);
        if (out == null) {
          throw new PipelineException(
              "The transformation of step '"
                  + t.name()
                  + "' returned no Dataset for "
                  + node.key.label());
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("cancelled before " + node.jobTag() + " wrote");
        }
        return writeRetryingConflicts(t, node, version, out);
      } finally {
        session.setJobTag(null);
      }
    }

    /**
     * A conflict with a concurrent writer (two days creating the table at once, two MERGEs that
     * read the same files) is not a failure of the step: the write is idempotent, so it is redone
     * at once against the new table state, without spending an attempt of the retry policy. A
     * commit whose outcome is unknown is redone the same way: if it did land, its txn makes the
     * redo a no-op.
     */
    private Scheduler.NodeResult writeRetryingConflicts(
        TransformStep t, PlanNode node, long version, Dataset out) throws Exception {
      for (int i = 1; ; i++) {
        try {
          return write(t, node, version, out);
        } catch (ConcurrentModificationException | CommitStateUnknownException e) {
          if (i >= MAX_CONFLICT_RETRIES) {
            throw e;
          }
          LOG.info(
              "{}: {}; writing again ({}/{})",
              node.jobTag(),
              e.toString(),
              i,
              MAX_CONFLICT_RETRIES);
          if (Thread.interrupted()) {
            throw new InterruptedException(
                "cancelled while " + node.jobTag() + " retried a conflict");
          }
        }
      }
    }

    private Scheduler.NodeResult write(TransformStep t, PlanNode node, long version, Dataset out)
        throws Exception {
      List<String> partitionBy = partitionColumns(t);
      String col = t.partitioned() ? pipeline.partitioning().column() : null;
      if (t.mode() instanceof WriteMode.Custom c) {
        return custom(c, t, node, version, out, partitionBy, col);
      }
      if (t.mode() instanceof WriteMode.Merge m) {
        MergeSteps.checkUniqueKeys(t.name(), node, m, out, col);
        boolean exists = DeltaLog.forTable(node.target).tableExists();
        if (exists || !MergeSteps.appendIsTheSameOnAnEmptyTarget(m)) {
          if (!exists) {
            // The clauses decide what a MERGE into nothing inserts, so the table is created empty
            // and merged into; a concurrent creator makes the create conflict and the redo merge.
            out.limit(0).write().partitionBy(partitionBy).mode(SaveMode.APPEND).save(node.target);
          } else if (m.schemaEvolution()) {
            MergeSteps.evolveSchema(node.target, out, partitionBy);
          }
          MergeMetrics r = MergeSteps.merge(session, node, version, m, out, col);
          return result(node, r.skipped(), r.version(), r.rowsInserted() + r.rowsUpdated());
        }
      }
      DataWriter w = out.write().partitionBy(partitionBy).idempotent(node.appId, version);
      if (t.mode() instanceof WriteMode.Append || t.mode() instanceof WriteMode.Merge) {
        // The first MERGE into a missing table creates it; a concurrent creator makes this
        // commit conflict, and the retry then merges.
        w.mode(SaveMode.APPEND);
      } else if (t.mode() instanceof WriteMode.Overwrite) {
        w.mode(SaveMode.OVERWRITE);
      } else {
        w.mode(SaveMode.OVERWRITE);
        if (col != null) {
          w.replaceWhere(col + " = '" + node.key.value() + "'");
        }
      }
      WriteResult r = w.save(node.target);
      return result(node, r.skipped(), r.version(), r.rowsWritten());
    }

    private Scheduler.NodeResult custom(
        WriteMode.Custom c,
        TransformStep t,
        PlanNode node,
        long version,
        Dataset out,
        List<String> partitionBy,
        String col)
        throws Exception {
      OptionalLong before = Commits.txnVersion(node.target, node.appId);
      if (before.isPresent() && before.getAsLong() >= version) {
        // A redo after a commit whose outcome was unknown: it did land.
        return Scheduler.NodeResult.skippedResult();
      }
      c.action()
          .write(
              out,
              new StepTarget(
                  session, node.target, node.appId, version, node.key, col, partitionBy));
      var details = Commits.findTxnCommit(node.target, node.appId, version);
      if (details.isEmpty()) {
        throw new PipelineException(
            "The custom action of step '"
                + t.name()
                + "' for "
                + node.key.label()
                + " returned without committing txn(appId '"
                + node.appId
                + "', version "
                + version
                + ") to "
                + node.target
                + ": make its one commit through StepTarget.table() or StepTarget.write(...),"
                + " which carry the marker, so that reruns skip it.");
      }
      return new Scheduler.NodeResult(
          details.get().rowsWritten(),
          OptionalLong.of(details.get().version()),
          details.get().commitInfo(),
          false,
          null);
    }

    private Scheduler.NodeResult result(PlanNode node, boolean skipped, long version, long rows) {
      if (skipped || version < 0) {
        return Scheduler.NodeResult.skippedResult();
      }
      Map<String, Object> info = Map.of();
      try {
        info = Commits.details(node.target, version).commitInfo();
      } catch (RuntimeException e) {
        LOG.debug("no commitInfo for {} v{}", node.target, version, e);
      }
      return new Scheduler.NodeResult(rows, OptionalLong.of(version), info, false, null);
    }

    private List<String> partitionColumns(TransformStep t) {
      if (t.partitionBy() != null) {
        return t.partitionBy();
      }
      String col = pipeline.partitioning().column();
      return t.partitioned() && col != null ? List.of(col) : List.of();
    }

    @Override
    public void close() {
      if (session != strata) {
        session.close();
      }
      if (temp != null) {
        try {
          Storage s = Storages.forPath(uploadTo);
          s.write(uploadTo, Files.readAllBytes(temp));
          Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException e) {
          LOG.warn("Could not upload the event log to {}: {}", uploadTo, e.toString());
        }
      }
    }
  }

  /** The inputs of one (step, partition). */
  private static final class StepInputs implements Inputs {
    private final Pipeline pipeline;
    private final TransformStep step;
    private final PartitionKey key;
    private final Strata session;

    StepInputs(Pipeline pipeline, TransformStep step, PartitionKey key, Strata session) {
      this.pipeline = pipeline;
      this.step = step;
      this.key = key;
      this.session = session;
    }

    private Input input(String name) {
      Input in = step.inputs().get(name);
      if (in == null) {
        throw new PipelineException(
            "Step '"
                + step.name()
                + "' has no input '"
                + name
                + "'; its inputs are "
                + step.inputs().keySet());
      }
      return in;
    }

    @Override
    public Dataset get(String name) {
      Input in = input(name);
      if (in instanceof Input.Table t) {
        return session.read().table(pipeline.table(t.table()));
      }
      Input.Files f = (Input.Files) in;
      DataReader r = session.read().options(f.options());
      if (f.schema() != null) {
        r = r.schema(f.schema());
      }
      return r.format(f.format(), f.path());
    }

    @Override
    public Dataset partition(String name) {
      String col = pipeline.partitioning().column();
      if (col == null || key.isUnpartitioned()) {
        return get(name);
      }
      Object value =
          pipeline.partitioning() instanceof Partitioning.Daily ? key.date() : key.value();
      return get(name).where(functions.col(col).equalTo(functions.lit(value)));
    }

    @Override
    public Strata strata() {
      return session;
    }

    @Override
    public PartitionKey key() {
      return key;
    }
  }
}
