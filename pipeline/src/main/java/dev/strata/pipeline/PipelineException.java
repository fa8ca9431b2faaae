package dev.strata.pipeline;

import dev.strata.format.StrataException;

/** A pipeline definition or run request that cannot work (a cycle, an unknown step or key). */
public class PipelineException extends StrataException {
  private static final long serialVersionUID = 1L;

  /** With a message that says what is wrong and what to do. */
  public PipelineException(String message) {
    super(message);
  }

  /** With a cause. */
  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
