package dev.strata.cli;

import dev.strata.format.PartitionValues;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.StructField;
import dev.strata.log.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Parses a SQL predicate over partition columns ({@code day = '2024-01-05' AND region IN ('eu',
 * 'us')}) into a test on a file's partition values as the log stores them. Supports comparisons
 * ({@code = != <> < <= > >=}), {@code IN}, {@code BETWEEN}, {@code IS [NOT] NULL}, {@code AND},
 * {@code OR}, {@code NOT} and parentheses; values compare with the column's type.
 */
public final class PartitionFilter {
  private final String text;
  private final Snapshot snapshot;
  private final List<String> tokens;
  private int pos;

  private PartitionFilter(String text, Snapshot snapshot) {
    this.text = text;
    this.snapshot = snapshot;
    this.tokens = tokenize(text);
  }

  /** The filter for {@code predicate} on the partition columns of {@code snapshot}'s table. */
  public static Predicate<Map<String, String>> parse(String predicate, Snapshot snapshot) {
    PartitionFilter parser = new PartitionFilter(predicate, snapshot);
    Predicate<Map<String, String>> result = parser.or();
    if (parser.pos < parser.tokens.size()) {
      throw parser.error("unexpected '" + parser.tokens.get(parser.pos) + "'");
    }
    return result;
  }

  private Predicate<Map<String, String>> or() {
    Predicate<Map<String, String>> left = and();
    while (accept("OR")) {
      Predicate<Map<String, String>> l = left;
      Predicate<Map<String, String>> r = and();
      left = v -> l.test(v) || r.test(v);
    }
    return left;
  }

  private Predicate<Map<String, String>> and() {
    Predicate<Map<String, String>> left = not();
    while (accept("AND")) {
      Predicate<Map<String, String>> l = left;
      Predicate<Map<String, String>> r = not();
      left = v -> l.test(v) && r.test(v);
    }
    return left;
  }

  private Predicate<Map<String, String>> not() {
    if (accept("NOT")) {
      Predicate<Map<String, String>> inner = not();
      return v -> !inner.test(v);
    }
    if (accept("(")) {
      Predicate<Map<String, String>> inner = or();
      expect(")");
      return inner;
    }
    return comparison();
  }

  private Predicate<Map<String, String>> comparison() {
    String column = column(next("a partition column"));
    DataType type = snapshot.schema().field(column).type();
    if (accept("IS")) {
      boolean negated = accept("NOT");
      expect("NULL");
      return v -> (v.get(column) == null) != negated;
    }
    boolean negated = accept("NOT");
    if (accept("IN")) {
      expect("(");
      List<Object> values = new ArrayList<>();
      do {
        values.add(literal(type));
      } while (accept(","));
      expect(")");
      return v -> {
        Comparable<Object> actual = value(v, column, type);
        return actual != null
            && values.stream().anyMatch(x -> x != null && actual.compareTo(x) == 0) != negated;
      };
    }
    if (accept("BETWEEN")) {
      Object low = literal(type);
      expect("AND");
      Object high = literal(type);
      return v -> {
        Comparable<Object> actual = value(v, column, type);
        return actual != null
            && (actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0) != negated;
      };
    }
    if (negated) {
      throw error("expected IN or BETWEEN after NOT");
    }
    String op = next("a comparison operator");
    Object literal = literal(type);
    return switch (op) {
      case "=", "==" -> v -> compare(v, column, type, literal, c -> c == 0);
      case "!=", "<>" -> v -> compare(v, column, type, literal, c -> c != 0);
      case "<" -> v -> compare(v, column, type, literal, c -> c < 0);
      case "<=" -> v -> compare(v, column, type, literal, c -> c <= 0);
      case ">" -> v -> compare(v, column, type, literal, c -> c > 0);
      case ">=" -> v -> compare(v, column, type, literal, c -> c >= 0);
      default -> throw error("unknown operator '" + op + "'");
    };
  }

  private static boolean compare(
      Map<String, String> values,
      String column,
      DataType type,
      Object literal,
      java.util.function.IntPredicate test) {
    Comparable<Object> actual = value(values, column, type);
    return actual != null && literal != null && test.test(actual.compareTo(literal));
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> value(Map<String, String> values, String column, DataType t) {
    String raw = values.get(column);
    if (raw == null) {
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getKey().equalsIgnoreCase(column)) {
          raw = e.getValue();
        }
      }
    }
    Object parsed = raw == null ? null : PartitionValues.parse(t, raw);
    return parsed instanceof Comparable<?> c ? (Comparable<Object>) c : null;
  }

  private Object literal(DataType type) {
    String token = next("a value");
    String upper = token.toUpperCase(Locale.ROOT);
    if (upper.equals("DATE") || upper.equals("TIMESTAMP") || upper.equals("TIMESTAMP_NTZ")) {
      token = next("a quoted value");
    }
    if (token.equalsIgnoreCase("NULL")) {
      return null;
    }
    String value = token;
    if (token.startsWith("'")) {
      value = token.substring(1, token.length() - 1).replace("''", "'");
    }
    try {
      return PartitionValues.parse(type, value);
    } catch (RuntimeException e) {
      throw error("'" + value + "' is not a " + type.simpleString());
    }
  }

  private String column(String token) {
    String name = token.startsWith("`") ? token.substring(1, token.length() - 1) : token;
    for (String partition : snapshot.partitionColumns()) {
      if (partition.equalsIgnoreCase(name)) {
        for (StructField f : snapshot.schema().fields()) {
          if (f.name().equalsIgnoreCase(partition)) {
            return f.name();
          }
        }
      }
    }
    throw error(
        "'"
            + name
            + "' is not a partition column; this filter may only use "
            + (snapshot.partitionColumns().isEmpty()
                ? "partition columns, and the table has none"
                : snapshot.partitionColumns()));
  }

  private boolean accept(String token) {
    if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(token)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error("expected '" + token + "'");
    }
  }

  private String next(String what) {
    if (pos >= tokens.size()) {
      throw error("expected " + what + " at the end");
    }
    return tokens.get(pos++);
  }

  private StrataException error(String message) {
    return new StrataException("Invalid predicate \"" + text + "\": " + message);
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '`') {
        int j = i + 1;
        while (j < text.length()) {
          if (text.charAt(j) == c) {
            if (c == '\'' && j + 1 < text.length() && text.charAt(j + 1) == '\'') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        if (j >= text.length()) {
          throw new StrataException("Invalid predicate \"" + text + "\": unclosed quote");
        }
        tokens.add(text.substring(i, j + 1));
        i = j + 1;
      } else if ("<>!=".indexOf(c) >= 0) {
        int j = i + 1;
        if (j < text.length() && "=>".indexOf(text.charAt(j)) >= 0) {
          j++;
        }
        tokens.add(text.substring(i, j));
        i = j;
      } else if (c == '(' || c == ')' || c == ',') {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < text.length()
            && !Character.isWhitespace(text.charAt(j))
            && "()<>=!,'`".indexOf(text.charAt(j)) < 0) {
          j++;
        }
        tokens.add(text.substring(i, j));
        i = j;
      }
    }
    return tokens;
  }
}
