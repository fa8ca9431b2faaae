package dev.strata.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, for human-readable output. Cells longer than the column
 * limit are cut with an ellipsis; numbers can be right-aligned.
 */
public final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<String[]> rows = new ArrayList<>();
  private int maxCellWidth = Integer.MAX_VALUE;

  private TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
    this.rightAligned = new boolean[headers.size()];
  }

  /** A table with these column headers. */
  public static TextTable of(String... headers) {
    return new TextTable(List.of(headers));
  }

  /** A table with these column headers. */
  public static TextTable of(List<String> headers) {
    return new TextTable(headers);
  }

  /** Right-aligns the given columns (numbers). */
  public TextTable alignRight(int... columns) {
    for (int c : columns) {
      rightAligned[c] = true;
    }
    return this;
  }

  /** Cuts cells to at most this many characters. */
  public TextTable maxCellWidth(int width) {
    this.maxCellWidth = Math.max(4, width);
    return this;
  }

  /** Adds a row; null cells print empty. */
  public TextTable row(Object... cells) {
    String[] row = new String[headers.size()];
    for (int i = 0; i < row.length; i++) {
      Object cell = i < cells.length ? cells[i] : null;
      row[i] = cut(cell == null ? "" : oneLine(String.valueOf(cell)));
    }
    rows.add(row);
    return this;
  }

  /** Number of rows added. */
  public int size() {
    return rows.size();
  }

  /** Prints the header, a rule, and the rows. */
  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println(line(headers.toArray(String[]::new), widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        rule.append("  ");
      }
      rule.append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (String[] row : rows) {
      out.println(line(row, widths));
    }
  }

  private String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells[i];
      int pad = widths[i] - cell.length();
      if (rightAligned[i]) {
        line.append(" ".repeat(pad)).append(cell);
      } else if (i == cells.length - 1) {
        line.append(cell);
      } else {
        line.append(cell).append(" ".repeat(pad));
      }
    }
    return line.toString();
  }

  private String cut(String text) {
    if (text.length() <= maxCellWidth) {
      return text;
    }
    return text.substring(0, maxCellWidth - 1) + "…";
  }

  private static String oneLine(String text) {
    return text.indexOf('\n') < 0 && text.indexOf('\r') < 0
        ? text
        : text.replace("\r", "\\r").replace("\n", "\\n");
  }
}
