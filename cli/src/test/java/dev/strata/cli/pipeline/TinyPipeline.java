package dev.strata.cli.pipeline;

import static dev.strata.engine.functions.lit;

import dev.strata.pipeline.Partitioning;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.RetryPolicy;
import dev.strata.pipeline.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pipeline found by {@code --class} (not registered): one step writing ten numbers per day. With
 * option {@code slow=<marker file>} the step writes the marker and then waits to be cancelled; with
 * {@code attempts=N} each (step, day) is tried up to N times.
 */
public final class TinyPipeline {
  private TinyPipeline() {}

  public static Pipeline pipeline(PipelineContext ctx) {
    String slow = ctx.option("slow", null);
    int attempts = Integer.parseInt(ctx.option("attempts", "1"));
    return Pipeline.builder("tiny")
        .lakehouse(ctx.lakehouse())
        .partitioning(Partitioning.daily("day"))
        .retry(
            attempts <= 1
                ? RetryPolicy.none()
                : RetryPolicy.of(attempts, java.time.Duration.ofMillis(10)))
        .step(
            Step.named("numbers")
                .transform(
                    (in, day) -> {
                      if (slow != null) {
                        try {
                          Files.writeString(Path.of(slow), "started");
                          Thread.sleep(300_000);
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException("cancelled", e);
                        }
                      }
                      return in.strata().range(10).withColumn("day", lit(day.date()));
                    })
                .target("numbers")
                .build())
        .build();
  }
}
