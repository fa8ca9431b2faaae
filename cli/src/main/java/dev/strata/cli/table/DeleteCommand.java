package dev.strata.cli.table;

import dev.strata.writer.DmlMetrics;
import dev.strata.writer.StrataTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata delete}: DELETE FROM table WHERE predicate, as one commit. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description =
        "Delete the rows matching a SQL predicate in one commit (DELETE FROM ... WHERE). Files"
            + " wholly inside the predicate's partitions are dropped unread; on a table with"
            + " delta.enableDeletionVectors=true the other matching rows are marked in deletion"
            + " vectors, otherwise their files are rewritten. A table with the change data feed"
            + " records the deleted rows.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  ${ROOT-COMMAND-NAME} delete ./lakehouse/silver/orders --where \"order_date = '2024-01-17'\"",
      "  ${ROOT-COMMAND-NAME} delete ./lakehouse/silver/orders --where \"quantity <= 0\" --format json"
    })
public final class DeleteCommand extends RowLevelCommand {

  @Option(
      names = "--where",
      required = true,
      paramLabel = "PREDICATE",
      description = "SQL predicate of the rows to delete (use 'true' to delete every row).")
  String where;

  @Override
  String operation() {
    return "DELETE";
  }

  @Override
  DmlMetrics apply(StrataTable target) {
    return target.delete(where);
  }
}
