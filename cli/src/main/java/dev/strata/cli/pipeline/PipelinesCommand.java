package dev.strata.cli.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.cli.ExitCodes;
import dev.strata.cli.Json;
import dev.strata.cli.OutputFormat;
import dev.strata.cli.StrataCommand;
import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.PipelineProvider;
import dev.strata.pipeline.Step;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strata pipelines}: the pipelines known through ServiceLoader (or --class). */
@Command(
    name = "pipelines",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Lists the pipelines found on the classpath (and in --jar), with their steps.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} pipelines",
      "  ${ROOT-COMMAND-NAME} pipelines --format json | jq '.[].steps[].target'",
      "  ${ROOT-COMMAND-NAME} pipelines --class com.acme.SalesPipeline --jar sales.jar"
    })
public final class PipelinesCommand extends StrataCommand {
  @Mixin PipelineOptions pipelineOptions;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (an array of pipelines; default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  protected int run() {
    List<Pipeline> pipelines = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    if (pipelineOptions.className != null) {
      pipelines.add(PipelineCatalog.load(null, pipelineOptions));
      descriptions.add("");
    } else {
      for (PipelineProvider pp :
          PipelineCatalog.providers(PipelineCatalog.loader(pipelineOptions))) {
        pipelines.add(
            pp.create(new PipelineContext(pipelineOptions.lakehouse, pipelineOptions.options)));
        descriptions.add(pp.description());
      }
    }
    if (format == OutputFormat.JSON) {
      ArrayNode array = Json.array();
      for (int i = 0; i < pipelines.size(); i++) {
        Pipeline p = pipelines.get(i);
        ObjectNode n = array.addObject();
        n.put("name", p.name());
        n.put("description", descriptions.get(i));
        n.put("partitions", describe(p));
        ArrayNode steps = n.putArray("steps");
        for (Step s : p.steps()) {
          ObjectNode sn = steps.addObject();
          sn.put("name", s.name());
          sn.put("target", p.table(s.target()));
          sn.put("partitioned", s.partitioned());
          ArrayNode after = sn.putArray("after");
          p.dependencies(s.name()).forEach(after::add);
        }
      }
      Json.printPretty(out(), array);
      return ExitCodes.OK;
    }
    if (pipelines.isEmpty()) {
      out()
          .println(
              "No pipelines found. Register a dev.strata.pipeline.PipelineProvider through"
                  + " META-INF/services, or name a class with --class (and --jar).");
      return ExitCodes.OK;
    }
    for (int i = 0; i < pipelines.size(); i++) {
      Pipeline p = pipelines.get(i);
      out()
          .printf(
              "%s%s%n",
              p.name(), descriptions.get(i).isEmpty() ? "" : "  - " + descriptions.get(i));
      out().printf("  partitions: %s%n", describe(p));
      for (Step s : p.steps()) {
        List<String> deps = p.dependencies(s.name());
        out()
            .printf(
                "  %-12s -> %s%s%s%n",
                s.name(),
                RunSummary.displayPath(p.table(s.target())),
                s.partitioned() ? "" : "  (unpartitioned)",
                deps.isEmpty() ? "" : "  after " + String.join(", ", deps));
      }
    }
    return ExitCodes.OK;
  }

  private static String describe(Pipeline p) {
    if (p.partitioning() instanceof dev.strata.pipeline.Partitioning.Daily d) {
      return "daily by " + d.column();
    }
    if (p.partitioning() instanceof dev.strata.pipeline.Partitioning.StaticKeys k) {
      return k.column() + " in " + k.keys();
    }
    return "none";
  }
}
