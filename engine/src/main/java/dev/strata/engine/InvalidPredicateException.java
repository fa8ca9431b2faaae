package dev.strata.engine;

import dev.strata.format.StrataException;

/**
 * A SQL expression (a filter, a projection, a replaceWhere predicate or a CLI {@code --where}) that
 * does not parse. The message shows the expression with a caret under the offending position.
 */
public class InvalidPredicateException extends StrataException {
  private final String expression;
  private final int position;

  public InvalidPredicateException(String problem, String expression, int position) {
    super(format(problem, expression, position));
    this.expression = expression;
    this.position = position;
  }

  private static String format(String problem, String expression, int position) {
    return "Invalid expression: "
        + problem
        + " at position "
        + position
        + "\n  "
        + expression
        + "\n  "
        + " ".repeat(Math.max(0, Math.min(position, expression.length())))
        + "^";
  }

  /** The expression text as given. */
  public String expression() {
    return expression;
  }

  /** The 0-based character position of the error. */
  public int position() {
    return position;
  }
}
