package dev.strata.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.Strata;
import dev.strata.engine.events.Status;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.RunResult;
import dev.strata.report.testing.ReportBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The report the orders pipeline writes after a run, as the demo writes it, opened in headless
 * Chromium: the step x day DAG, the stage boxes of its engine jobs and the task timeline are there
 * and the page ran without a JavaScript error. The screenshot is kept in {@code
 * target/report-browser/}.
 */
class DemoReportBrowserTest {
  @TempDir Path tmp;

  @Test
  void reportOfAnOrdersBackfillRendersInChromium(@TempDir Path profile) throws Exception {
    try (ReportBrowser browser = ReportBrowser.start(profile, Path.of("target", "report-browser"));
        Strata strata = Strata.builder().parallelism(2).build()) {
      Path data = tmp.resolve("data");
      OrdersGenerator.generate(data, 3000, 42);
      String lakehouse = tmp.resolve("lakehouse").toString();
      Pipeline pipeline = OrdersPipeline.pipeline(lakehouse, data.toString());
      RunResult run =
          pipeline.run(strata).range("2024-01-01", "2024-01-03").parallelism(2).execute();
      assertThat(run.status()).isEqualTo(Status.SUCCEEDED);

      Path report = Path.of(lakehouse, "_strata", "reports", run.runId() + ".html");
      assertThat(report).exists();
      browser.open(report);

      var driver = browser.driver();
      assertThat(driver.findElements(By.cssSelector("#pipeline-dag g.node"))).hasSize(9);
      assertThat(driver.findElements(By.cssSelector("svg.stage-graph g.stage"))).isNotEmpty();
      assertThat(driver.findElements(By.cssSelector("#gantt rect.task"))).isNotEmpty();
      browser.screenshot("demo-run");
      browser.assertNoScriptErrors();
      assertThat(Files.size(report)).isPositive();
    }
  }
}
