package dev.strata.report.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for report tests: opens
 * a report, waits for its script, takes screenshots and collects JavaScript errors. Tests are
 * skipped when the browser or its driver is missing ({@code .ci/install-chromium.sh}). Selenium is
 * given the driver and the browser binary, so its manager never downloads anything.
 */
public final class ReportBrowser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  // Installed before any page script runs, so that errors thrown anywhere in the page are kept.
  private static final String ERROR_TRAP =
      "window.__strataErrors = [];"
          + "window.addEventListener('error', function (e) {"
          + "  window.__strataErrors.push(String(e.message) + ' @' + e.lineno); });"
          + "window.addEventListener('unhandledrejection', function (e) {"
          + "  window.__strataErrors.push('unhandled rejection: ' + e.reason); });";

  private final ChromeDriver driver;
  private final Path artifacts;

  private ReportBrowser(ChromeDriver driver, Path artifacts) {
    this.driver = driver;
    this.artifacts = artifacts;
  }

  /**
   * Starts the browser with an empty profile; skips the calling test when it is not installed.
   *
   * @param artifacts where screenshots and the driver log go (a build artifact folder)
   */
  public static ReportBrowser start(Path profile, Path artifacts) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed (run .ci/install-chromium.sh)");
    Files.createDirectories(artifacts);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(artifacts.resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.executeCdpCommand("Page.enable", Map.of());
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_TRAP));
    return new ReportBrowser(driver, artifacts);
  }

  /** The WebDriver, for DOM queries. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a report file and waits until its script marked the page ready. */
  public void open(Path file) {
    driver.manage().window().setSize(new Dimension(1400, 1000));
    driver.get(file.toAbsolutePath().toUri().toString());
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> "1".equals(d.findElement(By.tagName("html")).getAttribute("data-ready")));
  }

  /** Saves a full-page screenshot as {@code <artifacts>/<name>.png}. */
  public void screenshot(String name) throws Exception {
    Object h =
        ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
    int height = (int) Math.min(6000, ((Number) h).longValue() + 40);
    driver.manage().window().setSize(new Dimension(1400, height));
    File png = driver.getScreenshotAs(OutputType.FILE);
    Path out = artifacts.resolve(name + ".png");
    Files.copy(png.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(out)).isGreaterThan(10_000);
  }

  /** Asserts that the page threw no error and logged none to the console. */
  public void assertNoScriptErrors() {
    Object trapped = ((JavascriptExecutor) driver).executeScript("return window.__strataErrors;");
    assertThat(trapped).as("error trap installed").isNotNull();
    assertThat((List<?>) trapped).as("JavaScript errors").isEmpty();
    List<LogEntry> severe =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(severe).as("console errors").isEmpty();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
