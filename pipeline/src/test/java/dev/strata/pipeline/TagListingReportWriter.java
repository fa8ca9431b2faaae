package dev.strata.pipeline;

import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.pipeline.run.RunReport;
import dev.strata.pipeline.run.RunReportWriter;
import dev.strata.pipeline.run.StepRun;
import java.nio.charset.StandardCharsets;

/**
 * The report writer the pipeline tests install through {@code META-INF/services} (the HTML one
 * lives in a module above this one): one line per node, {@code tag status [retried]}, in {@code
 * _strata/reports/<runId>.txt}. It lets the tests see that a run hands its model to the writers
 * found on the classpath and returns the page they wrote.
 */
public final class TagListingReportWriter implements RunReportWriter {
  @Override
  public String write(String lakehouse, RunReport run) {
    StringBuilder sb = new StringBuilder();
    for (StepRun s : run.steps()) {
      sb.append(s.tag()).append(' ').append(s.status());
      sb.append(s.retried() ? " retried\n" : "\n");
    }
    String path = StoragePaths.join(lakehouse, "_strata/reports/" + run.runId() + ".txt");
    Storages.forPath(path).write(path, sb.toString().getBytes(StandardCharsets.UTF_8));
    return path;
  }
}
