package dev.strata.cli.table;

import dev.strata.writer.DmlMetrics;
import dev.strata.writer.StrataTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code strata update}: UPDATE table SET col = expr, ... WHERE predicate, as one commit. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description =
        "Set columns of the rows matching a SQL predicate in one commit (UPDATE ... SET ... WHERE)."
            + " Each --set is COLUMN=SQL-EXPRESSION over the row's current values; several may be"
            + " given, comma-separated or repeated. Without --where every row is updated.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} update ./lakehouse/silver/orders --set \"status='cancelled'\" --where \"order_id ="
          + " 42\"",
      "  ${ROOT-COMMAND-NAME} update ./lakehouse/silver/orders --set \"amount=amount * 1.1\" --set"
          + " \"note='repriced'\" --where \"category = 'toys'\" --format json"
    })
public final class UpdateCommand extends RowLevelCommand {

  @Option(
      names = "--set",
      required = true,
      split = ",(?=[A-Za-z_][A-Za-z0-9_]*\\s*=)",
      paramLabel = "COL=EXPR",
      description = "A column and the SQL expression of its new value.")
  List<String> assignments;

  @Option(
      names = "--where",
      paramLabel = "PREDICATE",
      description = "SQL predicate of the rows to update (default: every row).")
  String where;

  @Override
  String operation() {
    return "UPDATE";
  }

  @Override
  DmlMetrics apply(StrataTable target) {
    Map<String, String> set = new LinkedHashMap<>();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0 || eq == a.length() - 1) {
        throw new ParameterException(
            spec.commandLine(), "Expected --set COLUMN=EXPRESSION but got '" + a + "'");
      }
      String column = a.substring(0, eq).trim();
      if (set.put(column, a.substring(eq + 1).trim()) != null) {
        throw new ParameterException(
            spec.commandLine(), "Column " + column + " is set twice; set it once.");
      }
    }
    return target.update(where, set);
  }
}
