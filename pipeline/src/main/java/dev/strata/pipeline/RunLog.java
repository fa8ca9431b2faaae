package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.util.List;

/**
 * Where runs are recorded: each run when it starts and when it ends, with every (step, partition)
 * attempt. The default is the Strata table {@code <lakehouse>/_strata/runs}.
 */
public interface RunLog {

  /** Records that a run started ({@code run.status()} is {@link Status#RUNNING}). */
  void runStarted(RunResult run);

  /** Records a finished run with its outcomes and attempts. */
  void runFinished(RunResult run);

  /**
   * The latest runs, newest first, each in its latest recorded state.
   *
   * @param pipeline only this pipeline's runs, or null for all
   * @param limit at most this many (all when {@code <= 0})
   */
  List<RunResult> runs(String pipeline, int limit);
}
