package dev.strata.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.pipeline.run.RunReport;
import dev.strata.report.testing.ReportBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Opens generated reports in headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) and checks through the DOM that the page rendered and its script ran without
 * error. Screenshots go to {@code target/report-browser/} as build artifacts. Skipped when the
 * browser or its driver is not installed ({@code .ci/install-chromium.sh} installs them).
 */
class ReportBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "report-browser");

  private static ReportBrowser browser;
  private static ChromeDriver driver;

  @BeforeAll
  static void startBrowser(@TempDir Path profile) throws Exception {
    browser = ReportBrowser.start(profile, ARTIFACTS);
    driver = browser.driver();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void reportOfARealEngineRunRendersWithoutScriptErrors() throws Exception {
    Path events = ARTIFACTS.resolve("engine-run.jsonl");
    Files.deleteIfExists(events);
    EngineRuns.Recorded recorded = EngineRuns.record(events.toAbsolutePath());
    EngineEventLog log = EngineEventLog.read(events);
    open(HtmlReportWriter.render(recorded.run(), log), "engine-run");

    assertThat(driver.findElements(By.cssSelector("#pipeline-dag g.node")))
        .hasSize(recorded.run().steps().size());
    long stages = log.jobs().stream().mapToLong(j -> j.stages().size()).sum();
    assertThat(driver.findElements(By.cssSelector("svg.stage-graph g.stage")))
        .hasSize((int) stages);
    assertThat(driver.findElements(By.cssSelector("svg.stage-graph path.edge.shuffle")))
        .isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#gantt rect.task")))
        .hasSize(TestRuns.onLanes(log));
    assertThat(driver.findElements(By.cssSelector("#gantt g.lane"))).hasSize(2);

    driver.findElement(By.cssSelector("#pipeline-dag g.node.st-retried")).click();
    assertThat(driver.findElement(By.id("node-detail")).getText()).contains("is broken");

    screenshot("engine-run");
    assertNoScriptErrors();
  }

  @Test
  void runReportRendersGraphStagesAndTimelineWithoutScriptErrors() throws Exception {
    EngineEventLog log = TestRuns.ordersLog();
    RunReport run = TestRuns.ordersRun(log);
    open(HtmlReportWriter.render(run, log), "orders-run");

    assertThat(driver.findElements(By.cssSelector("#pipeline-dag g.node")))
        .hasSize(run.steps().size());
    assertThat(driver.findElements(By.cssSelector("#pipeline-dag path.edge")))
        .hasSize(run.edges().size());
    long stages = log.jobs().stream().mapToLong(j -> j.stages().size()).sum();
    assertThat(driver.findElements(By.cssSelector("svg.stage-graph g.stage")))
        .hasSize((int) stages);
    assertThat(driver.findElements(By.cssSelector("svg.stage-graph g.stage.skipped"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#gantt rect.task")))
        .hasSize(TestRuns.onLanes(log));

    // The layout is real in the browser: stage boxes of an open job do not overlap on screen.
    List<WebElement> boxes =
        driver.findElements(By.cssSelector("details[open] svg.stage-graph g.stage > rect.box"));
    assertThat(boxes).isNotEmpty();
    for (int i = 0; i < boxes.size(); i++) {
      for (int k = i + 1; k < boxes.size(); k++) {
        org.openqa.selenium.Rectangle a = boxes.get(i).getRect();
        org.openqa.selenium.Rectangle b = boxes.get(k).getRect();
        boolean overlap =
            a.x < b.x + b.width
                && b.x < a.x + a.width
                && a.y < b.y + b.height
                && b.y < a.y + a.height;
        assertThat(overlap).as("stage boxes %d and %d overlap on screen", i, k).isFalse();
      }
    }

    // Clicking the retried node shows its attempts and error; its job button opens the job.
    WebElement retried = driver.findElement(By.cssSelector("#pipeline-dag g.node.st-retried"));
    retried.click();
    WebElement detail = driver.findElement(By.id("node-detail"));
    assertThat(detail.getText()).contains("Connection reset").contains("retried");
    detail.findElement(By.cssSelector("button.goto")).click();
    String target = detail.findElement(By.cssSelector("button.goto")).getAttribute("data-goto");
    WebElement job = driver.findElement(By.id(target));
    assertThat(job.isDisplayed()).isTrue();

    screenshot("orders-run");
    assertNoScriptErrors();
  }

  @Test
  void thirtyPartitionBackfillAndJobLogPagesRenderWithoutScriptErrors() throws Exception {
    RunReport backfill = TestRuns.backfill(30);
    EngineEventLog jobs = EngineEventLog.parse(TestRuns.syntheticLog(backfill, 5, 4));
    String html = HtmlReportWriter.render(backfill, jobs);
    open(html, "backfill-30");
    assertThat(driver.findElements(By.cssSelector("#pipeline-dag g.node"))).hasSize(90);
    assertThat(driver.findElements(By.cssSelector("#gantt rect.task")))
        .hasSize(TestRuns.onLanes(jobs));
    Object loadMs =
        ((JavascriptExecutor) driver)
            .executeScript(
                "var n = performance.getEntriesByType('navigation')[0];"
                    + " return Math.round(n.loadEventEnd - n.startTime);");
    Files.writeString(
        ARTIFACTS.resolve("backfill-30.txt"),
        "html bytes "
            + html.length()
            + ", jobs "
            + jobs.jobs().size()
            + ", task attempts "
            + jobs.tasks().size()
            + ", load ms "
            + loadMs
            + "\n");
    // Hovering a task bar shows its numbers in the shared tooltip.
    WebElement bar = driver.findElements(By.cssSelector("#gantt rect.task")).get(7);
    new org.openqa.selenium.interactions.Actions(driver).moveToElement(bar).perform();
    WebElement tip = driver.findElement(By.id("tip"));
    assertThat(tip.isDisplayed()).isTrue();
    assertThat(tip.getText()).startsWith("job ").contains("stage ").contains("rows ");
    // Every node is on screen inside the graph, none hidden under another.
    List<WebElement> nodes = driver.findElements(By.cssSelector("#pipeline-dag g.node > rect"));
    assertThat(nodes.stream().map(WebElement::getRect).distinct()).hasSize(90);
    screenshot("backfill-30");
    assertNoScriptErrors();

    EngineEventLog log = TestRuns.ordersLog();
    open(HtmlReportWriter.renderJobLog(log, "orders-run.jsonl"), "job-log");
    assertThat(driver.findElements(By.id("pipeline-dag"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("svg.stage-graph g.stage"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#gantt rect.task")))
        .hasSize(TestRuns.onLanes(log));
    screenshot("job-log");
    assertNoScriptErrors();
  }

  private static void open(String html, String name) throws Exception {
    Path file = ARTIFACTS.resolve(name + ".html").toAbsolutePath();
    HtmlReportWriter.write(html, file);
    browser.open(file);
  }

  private static void screenshot(String name) throws Exception {
    browser.screenshot(name);
  }

  private static void assertNoScriptErrors() {
    browser.assertNoScriptErrors();
  }
}
