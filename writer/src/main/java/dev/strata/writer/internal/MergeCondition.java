package dev.strata.writer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MERGE condition split into its equi-join keys ({@code t.a = s.b} conjuncts), the conjuncts that
 * only read the target (usable to prune target files) and the rest.
 */
final class MergeCondition {
  private static final Pattern NAME = Pattern.compile("`[^`]+`|[A-Za-z_][A-Za-z0-9_]*");

  record KeyPair(String targetColumn, String sourceColumn) {}

  final List<KeyPair> keys = new ArrayList<>();
  final List<String> targetOnly = new ArrayList<>();
  final List<String> residual = new ArrayList<>();

  private MergeCondition() {}

  static MergeCondition parse(String condition, String targetAlias, String sourceAlias) {
    MergeCondition result = new MergeCondition();
    for (String conjunct : splitAnd(condition)) {
      KeyPair pair = equiPair(conjunct, targetAlias, sourceAlias);
      if (pair != null) {
        result.keys.add(pair);
      } else if (onlyQualifiedBy(conjunct, targetAlias, sourceAlias)) {
        result.targetOnly.add(conjunct);
        result.residual.add(conjunct);
      } else {
        result.residual.add(conjunct);
      }
    }
    return result;
  }

  /** The residual conjuncts joined with AND, or null when there are none. */
  String residualSql() {
    return residual.isEmpty() ? null : "(" + String.join(") AND (", residual) + ")";
  }

  /** The target-only conjuncts with the target alias removed, or null. */
  String targetOnlySql(String targetAlias) {
    if (targetOnly.isEmpty()) {
      return null;
    }
    List<String> stripped = new ArrayList<>();
    for (String c : targetOnly) {
      stripped.add(stripQualifier(c, targetAlias));
    }
    return "(" + String.join(") AND (", stripped) + ")";
  }

  static String stripQualifier(String sql, String alias) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = skipQuoted(sql, i);
        out.append(sql, i, end);
        i = end;
        continue;
      }
      if (sql.regionMatches(true, i, alias + ".", 0, alias.length() + 1)
          && (i == 0 || !Character.isJavaIdentifierPart(sql.charAt(i - 1)))) {
        i += alias.length() + 1;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static int skipQuoted(String sql, int start) {
    char quote = sql.charAt(start);
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** Splits on top-level AND (outside parentheses and quotes). */
  static List<String> splitAnd(String sql) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int last = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = c == '`' ? sql.indexOf('`', i + 1) + 1 : skipQuoted(sql, i);
        if (i <= 0) {
          break;
        }
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0
          && sql.regionMatches(true, i, "and", 0, 3)
          && (i == 0 || Character.isWhitespace(sql.charAt(i - 1)) || sql.charAt(i - 1) == ')')
          && i + 3 < sql.length()
          && (Character.isWhitespace(sql.charAt(i + 3)) || sql.charAt(i + 3) == '(')) {
        parts.add(sql.substring(last, i).trim());
        last = i + 3;
        i += 3;
        continue;
      }
      i++;
    }
    parts.add(sql.substring(last).trim());
    List<String> cleaned = new ArrayList<>();
    for (String p : parts) {
      String t = unwrap(p);
      if (!t.isEmpty()) {
        // a parenthesised conjunction splits further
        List<String> inner = t.equals(p) ? List.of(t) : splitAnd(t);
        cleaned.addAll(inner);
      }
    }
    return cleaned;
  }

  private static String unwrap(String p) {
    String t = p.trim();
    while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
      t = t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          return false;
        }
      }
    }
    return depth == 0;
  }

  private static final Pattern QUALIFIED =
      Pattern.compile(
          "^\\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\\s*\\.\\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\\s*$");

  private static KeyPair equiPair(String conjunct, String targetAlias, String sourceAlias) {
    int eq = topLevelEquals(conjunct);
    if (eq < 0) {
      return null;
    }
    String[] left = qualified(conjunct.substring(0, eq));
    String[] right = qualified(conjunct.substring(eq + 1));
    if (left == null || right == null) {
      return null;
    }
    if (left[0].equalsIgnoreCase(targetAlias) && right[0].equalsIgnoreCase(sourceAlias)) {
      return new KeyPair(left[1], right[1]);
    }
    if (left[0].equalsIgnoreCase(sourceAlias) && right[0].equalsIgnoreCase(targetAlias)) {
      return new KeyPair(right[1], left[1]);
    }
    return null;
  }

  private static int topLevelEquals(String s) {
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"' || c == '(' || c == '<' || c == '>' || c == '!') {
        return -1;
      }
      if (c == '=') {
        if (at >= 0 || (i + 1 < s.length() && s.charAt(i + 1) == '=')) {
          return -1;
        }
        at = i;
      }
    }
    return at;
  }

  private static String[] qualified(String s) {
    Matcher m = QUALIFIED.matcher(s);
    if (!m.matches()) {
      return null;
    }
    return new String[] {unquote(m.group(1)), unquote(m.group(2))};
  }

  private static String unquote(String name) {
    return name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
  }

  private static boolean onlyQualifiedBy(String sql, String targetAlias, String sourceAlias) {
    // Every identifier followed by '.' must be the target alias, and the source alias must not
    // appear as a qualifier; unqualified names are ambiguous, so the conjunct stays residual.
    Matcher m = NAME.matcher(sql);
    boolean sawTarget = false;
    int i = 0;
    String stripped = blankStrings(sql);
    m = NAME.matcher(stripped);
    while (m.find()) {
      int end = m.end();
      String name = unquote(m.group());
      boolean qualifier = end < stripped.length() && stripped.charAt(end) == '.';
      boolean qualified = m.start() > 0 && stripped.charAt(m.start() - 1) == '.';
      if (qualifier) {
        if (name.equalsIgnoreCase(targetAlias)) {
          sawTarget = true;
        } else {
          return false;
        }
      } else if (!qualified && isColumnLike(stripped, m.start(), end, name)) {
        return false;
      }
      i = end;
    }
    return sawTarget && i >= 0 && !containsQualifier(stripped, sourceAlias);
  }

  private static boolean containsQualifier(String sql, String alias) {
    return Pattern.compile("(?i)\\b" + Pattern.quote(alias) + "\\s*\\.").matcher(sql).find();
  }

  private static final java.util.Set<String> KEYWORDS =
      java.util.Set.of(
          "and",
          "or",
          "not",
          "is",
          "null",
          "in",
          "between",
          "like",
          "true",
          "false",
          "date",
          "timestamp",
          "cast",
          "as",
          "case",
          "when",
          "then",
          "else",
          "end",
          "interval");

  private static boolean isColumnLike(String sql, int start, int end, String name) {
    if (KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
      return false;
    }
    int j = end;
    while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
      j++;
    }
    boolean functionCall = j < sql.length() && sql.charAt(j) == '(';
    boolean number = Character.isDigit(name.charAt(0));
    return !functionCall && !number;
  }

  private static String blankStrings(String sql) {
    StringBuilder out = new StringBuilder(sql);
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = skipQuoted(sql, i);
        for (int k = i; k < end; k++) {
          out.setCharAt(k, ' ');
        }
        i = end;
      } else {
        i++;
      }
    }
    return out.toString();
  }
}
