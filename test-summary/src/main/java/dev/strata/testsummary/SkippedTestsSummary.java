package dev.strata.testsummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints how many tests this build ran and skipped, with the skip reasons counted, so that a test
 * that skipped for want of shared data, Docker or a browser is visible at the end of {@code mvn
 * verify} instead of scrolling past in one module's output.
 *
 * <p>Reads the surefire XML reports under {@code <root>/**}{@code /target/surefire-reports};
 * reports older than the build's start are left out, so a module this build did not test is not
 * counted.
 */
public final class SkippedTestsSummary {
  private SkippedTestsSummary() {}

  /** Counts of one build's tests. */
  record Summary(int run, int failed, Map<String, Integer> skippedByReason) {
    int skipped() {
      return skippedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Entry point.
   *
   * @param args the reactor's root directory and the build's start time (ISO-8601, UTC)
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Instant buildStart = args.length > 1 ? Instant.parse(args[1]) : Instant.EPOCH;
    Summary summary = summarize(root, buildStart.minusSeconds(2));
    System.out.println(format(summary));
  }

  static Summary summarize(Path root, Instant notBefore) throws Exception {
    DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
    int run = 0;
    int failed = 0;
    Map<String, Integer> skipped = new TreeMap<>();
    for (Path report : reports(root, notBefore)) {
      Document doc = parser.parse(report.toFile());
      NodeList cases = doc.getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element testCase = (Element) cases.item(i);
        NodeList skips = testCase.getElementsByTagName("skipped");
        if (skips.getLength() > 0) {
          skipped.merge(reason((Element) skips.item(0)), 1, Integer::sum);
          continue;
        }
        run++;
        if (testCase.getElementsByTagName("failure").getLength() > 0
            || testCase.getElementsByTagName("error").getLength() > 0) {
          failed++;
        }
      }
    }
    return new Summary(run, failed, skipped);
  }

  private static List<Path> reports(Path root, Instant notBefore) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root, 5)) {
      paths
          .filter(p -> p.getFileName().toString().startsWith("TEST-"))
          .filter(p -> p.getFileName().toString().endsWith(".xml"))
          .filter(p -> p.getParent().getFileName().toString().equals("surefire-reports"))
          .filter(p -> modifiedSince(p, notBefore))
          .sorted()
          .forEach(found::add);
    }
    return found;
  }

  private static boolean modifiedSince(Path p, Instant notBefore) {
    try {
      return !Files.getLastModifiedTime(p).toInstant().isBefore(notBefore);
    } catch (IOException e) {
      return false;
    }
  }

  private static String reason(Element skipped) {
    // Surefire puts a disabled test's reason in the message attribute and an aborted test's exception
    // (an assumption that failed) in the element's text, headed by the exception's class.
    String message = skipped.getAttribute("message").strip();
    if (message.isEmpty()) {
      message = skipped.getTextContent().strip();
    }
    message = message.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
    message = message.replaceFirst("^Assumption failed: ", "");
    if (message.isEmpty()) {
      return "(no reason given)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static String format(Summary s) {
    StringBuilder out = new StringBuilder();
    out.append("[strata] tests: ")
        .append(s.run())
        .append(" run, ")
        .append(s.failed())
        .append(" failed, ")
        .append(s.skipped())
        .append(" skipped");
    if (s.skipped() > 0) {
      out.append(" — skipped, by reason:");
      s.skippedByReason().entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(
              e -> out.append(String.format("%n[strata]   %5d  %s", e.getValue(), e.getKey())));
    }
    return out.toString();
  }
}
