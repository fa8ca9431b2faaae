package dev.strata.cli;

import dev.strata.cli.maintenance.CheckpointCommand;
import dev.strata.cli.maintenance.CleanupLogCommand;
import dev.strata.cli.maintenance.OptimizeCommand;
import dev.strata.cli.maintenance.RestoreCommand;
import dev.strata.cli.maintenance.VacuumCommand;
import dev.strata.cli.report.ReportCommand;
import dev.strata.cli.table.CountCommand;
import dev.strata.cli.table.DescribeCommand;
import dev.strata.cli.table.HistoryCommand;
import dev.strata.cli.table.ScanCommand;
import dev.strata.format.s3.S3StorageConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code strata} command: table inspection, maintenance and pipelines over Strata and Delta
 * tables.
 *
 * <p>Run it through {@code ./strata} at the repository root, or embed it with {@link
 * #execute(PrintWriter, PrintWriter, String...)}. Exit codes are in {@link ExitCodes}.
 *
 * <p>To add a command, write a picocli {@code @Command} class (usually extending {@link
 * StrataCommand}) and add it, one line, to the {@code subcommands} list below.
 */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = StrataCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Inspect, query and maintain Strata (Delta Lake) tables, and run pipelines.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} describe ./lakehouse/orders",
      "  ${ROOT-COMMAND-NAME} history s3://bucket/tables/orders --limit 5",
      "  ${ROOT-COMMAND-NAME} scan ./lakehouse/orders --where \"order_date = '2024-01-05'\" --limit 10",
      "  ${ROOT-COMMAND-NAME} optimize ./lakehouse/orders --zorder-by customer_id,product_id",
      "  ${ROOT-COMMAND-NAME} vacuum ./lakehouse/orders --dry-run",
      "",
      "Exit codes: 0 ok, 1 error, 2 concurrent modification (retry), 3 refused for safety.",
      "Run '${ROOT-COMMAND-NAME} COMMAND --help' for a command's options and examples."
    },
    subcommands = {
      // One line per command; keep this list sorted by area, not alphabetically.
      CommandLine.HelpCommand.class,
      DescribeCommand.class,
      HistoryCommand.class,
      ScanCommand.class,
      CountCommand.class,
      dev.strata.cli.table.SetPropertyCommand.class,
      dev.strata.cli.table.ChangesCommand.class,
      dev.strata.cli.table.DeleteCommand.class,
      dev.strata.cli.table.UpdateCommand.class,
      OptimizeCommand.class,
      VacuumCommand.class,
      RestoreCommand.class,
      CheckpointCommand.class,
      CleanupLogCommand.class,
      dev.strata.cli.pipeline.RunCommand.class,
      dev.strata.cli.pipeline.BackfillCommand.class,
      dev.strata.cli.pipeline.RunsCommand.class,
      dev.strata.cli.pipeline.StatusCommand.class,
      dev.strata.cli.pipeline.PipelinesCommand.class,
      dev.strata.cli.pipeline.DemoCommand.class,
      ReportCommand.class,
    })
public final class StrataCli implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Option(
      names = "--s3-endpoint",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "S3 endpoint URL (MinIO, S3Proxy, ...); sets strata.s3.endpoint.")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      scope = ScopeType.INHERIT,
      paramLabel = "REGION",
      description = "S3 region; sets strata.s3.region.")
  String s3Region;

  @Option(
      names = "--s3-path-style",
      scope = ScopeType.INHERIT,
      description =
          "Path-style S3 requests (most S3-compatible servers); sets strata.s3.path-style-access.")
  boolean s3PathStyle;

  @Option(
      names = "--s3-access-key",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY",
      description = "S3 access key id; sets strata.s3.access-key (default: the AWS chain).")
  String s3AccessKey;

  @Option(
      names = "--s3-secret-key",
      scope = ScopeType.INHERIT,
      paramLabel = "SECRET",
      description = "S3 secret key; sets strata.s3.secret-key (prefer AWS_SECRET_ACCESS_KEY).")
  String s3SecretKey;

  @Option(
      names = "--conf",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY=VALUE",
      description = "Any Strata or storage property, e.g. --conf strata.s3.endpoint=http://...")
  Map<String, String> conf = new LinkedHashMap<>();

  @Override
  public void run() {
    // `strata` alone prints the overview instead of failing.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Whether stack traces were asked for. */
  public boolean verbose() {
    return verbose;
  }

  /**
   * The properties that configure storages and the engine: {@code --conf} entries, overridden by
   * the dedicated {@code --s3-*} options.
   */
  public Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>(conf);
    putIfSet(properties, S3StorageConfig.ENDPOINT, s3Endpoint);
    putIfSet(properties, S3StorageConfig.REGION, s3Region);
    putIfSet(properties, S3StorageConfig.ACCESS_KEY, s3AccessKey);
    putIfSet(properties, S3StorageConfig.SECRET_KEY, s3SecretKey);
    if (s3PathStyle) {
      properties.put(S3StorageConfig.PATH_STYLE_ACCESS, "true");
    }
    return properties;
  }

  private static void putIfSet(Map<String, String> properties, String key, String value) {
    if (value != null && !value.isBlank()) {
      properties.put(key, value);
    }
  }

  /**
   * How the user started Strata, for hints that print a command to run next: {@code strata} when it
   * is on the PATH, {@code ./strata} from the checkout. The launcher script passes it as the system
   * property {@value #NAME_PROPERTY} (or the environment variable {@value #NAME_ENV}).
   */
  public static String invokedAs() {
    String name = System.getProperty(NAME_PROPERTY);
    if (name == null || name.isBlank()) {
      name = System.getenv(NAME_ENV);
    }
    return name == null || name.isBlank() ? "strata" : name.strip();
  }

  /** The system property that names the command as invoked ({@link #invokedAs()}). */
  public static final String NAME_PROPERTY = "strata.cli.name";

  /** The environment variable read when {@link #NAME_PROPERTY} is not set. */
  public static final String NAME_ENV = "STRATA_CLI_NAME";

  /** Builds the command line with Strata's error handling and exit codes. */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new StrataCli());
    // Usage lines, "see --help" pointers and examples name the command as the user typed it.
    commandLine.setCommandName(invokedAs());
    commandLine
        .getSubcommands()
        .get("help")
        .getCommandSpec()
        .usageMessage()
        .footerHeading("%nExamples:%n")
        .footer("  ${ROOT-COMMAND-NAME} help scan", "  ${ROOT-COMMAND-NAME} help run");
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setAbbreviatedOptionsAllowed(false);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setParameterExceptionHandler(new ErrorHandler());
    commandLine.setExitCodeExceptionMapper(ExitCodes::forThrowable);
    return commandLine;
  }

  /**
   * Runs one command line with the given output and error streams and returns its exit code (tests
   * and embedders call this instead of {@link #main}).
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = newCommandLine(out, err);
    int code;
    try {
      code = commandLine.execute(args);
    } catch (Error | RuntimeException e) {
      // Errors (a broken classpath, out of memory) bypass picocli's handler: still one line.
      boolean verbose = commandLine.getCommand() instanceof StrataCli cli && cli.verbose();
      ErrorHandler.report(e, commandLine, verbose, ErrorHandler.wantsJson(java.util.List.of(args)));
      code = ExitCodes.ERROR;
    }
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    Quiet.install();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(out, err, args));
  }

  /** Reads the version from the jar manifest, if packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = StrataCli.class.getPackage().getImplementationVersion();
      return new String[] {"strata " + (version == null ? "(development build)" : version)};
    }
  }
}
