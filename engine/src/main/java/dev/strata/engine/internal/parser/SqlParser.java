package dev.strata.engine.internal.parser;

import dev.strata.engine.InvalidPredicateException;
import dev.strata.engine.internal.expr.AggFunctions;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.Expr.*;
import dev.strata.engine.internal.expr.Functions;
import dev.strata.engine.internal.expr.Types;
import dev.strata.format.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A recursive-descent parser for SQL expressions (predicates and select items). */
public final class SqlParser {
  private enum T {
    IDENT,
    QUOTED_IDENT,
    STRING,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    STAR,
    EOF
  }

  private record Tok(T type, String text, int pos) {}

  private final String sql;
  private final List<Tok> toks = new ArrayList<>();
  private int i;

  private SqlParser(String sql) {
    this.sql = sql;
    lex();
  }

  /**
   * How deeply an expression may nest (parentheses, NOT, function arguments, chains of arithmetic).
   * Parsing, analysis and evaluation all recurse over the tree, so an unbounded depth would end in
   * a StackOverflowError; generated filters are wide (long AND/OR lists), not deep, and AND/OR
   * lists are built as balanced trees, so a 10,000-term list is only 14 levels deep.
   */
  public static final int MAX_DEPTH = 256;

  private int depth;

  /** Parses one expression (may end with {@code AS alias}). */
  public static Expr parseExpression(String sql) {
    SqlParser p = new SqlParser(sql == null ? "" : sql);
    Expr e = p.selectItem();
    p.expect(T.EOF, "end of expression");
    if (Expr.depth(e, MAX_DEPTH + 1) > MAX_DEPTH) {
      throw p.tooDeep(0);
    }
    return e;
  }

  private InvalidPredicateException tooDeep(int pos) {
    return error("expression too deeply nested (limit " + MAX_DEPTH + ")", pos);
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw tooDeep(peek().pos);
    }
  }

  private void leave() {
    depth--;
  }

  /** Parses a SQL type name such as {@code decimal(10,2)}. */
  public static DataType parseType(String text) {
    DataType t = Types.parseTypeName(text);
    if (t == null) {
      throw new InvalidPredicateException("unknown type '" + text + "'", text, 0);
    }
    return t;
  }

  private InvalidPredicateException error(String msg, int pos) {
    return new InvalidPredicateException(msg, sql, pos);
  }

  private void lex() {
    int n = sql.length();
    int p = 0;
    while (p < n) {
      char c = sql.charAt(p);
      if (Character.isWhitespace(c)) {
        p++;
        continue;
      }
      int start = p;
      if (Character.isLetter(c) || c == '_') {
        while (p < n
            && (Character.isLetterOrDigit(sql.charAt(p))
                || sql.charAt(p) == '_'
                || sql.charAt(p) == '$')) {
          p++;
        }
        toks.add(new Tok(T.IDENT, sql.substring(start, p), start));
      } else if (Character.isDigit(c)
          || (c == '.' && p + 1 < n && Character.isDigit(sql.charAt(p + 1)))) {
        while (p < n && (Character.isDigit(sql.charAt(p)) || sql.charAt(p) == '.')) {
          p++;
        }
        if (p < n && (sql.charAt(p) == 'e' || sql.charAt(p) == 'E')) {
          int q = p + 1;
          if (q < n && (sql.charAt(q) == '+' || sql.charAt(q) == '-')) {
            q++;
          }
          if (q < n && Character.isDigit(sql.charAt(q))) {
            p = q;
            while (p < n && Character.isDigit(sql.charAt(p))) {
              p++;
            }
          }
        }
        while (p < n && Character.isLetter(sql.charAt(p))) {
          p++;
        }
        toks.add(new Tok(T.NUMBER, sql.substring(start, p), start));
      } else if (c == '\'' || c == '"') {
        StringBuilder sb = new StringBuilder();
        p++;
        boolean closed = false;
        while (p < n) {
          char d = sql.charAt(p);
          if (d == '\\' && p + 1 < n) {
            char e = sql.charAt(p + 1);
            sb.append(
                switch (e) {
                  case 'n' -> '\n';
                  case 't' -> '\t';
                  case 'r' -> '\r';
                  case '0' -> '\0';
                  default -> e;
                });
            p += 2;
          } else if (d == c) {
            if (p + 1 < n && sql.charAt(p + 1) == c) {
              sb.append(c);
              p += 2;
            } else {
              p++;
              closed = true;
              break;
            }
          } else {
            sb.append(d);
            p++;
          }
        }
        if (!closed) {
          throw error("unterminated string literal", start);
        }
        toks.add(new Tok(T.STRING, sb.toString(), start));
      } else if (c == '`') {
        int end = sql.indexOf('`', p + 1);
        StringBuilder sb = new StringBuilder();
        p++;
        boolean closed = false;
        while (p < n) {
          char d = sql.charAt(p);
          if (d == '`') {
            if (p + 1 < n && sql.charAt(p + 1) == '`') {
              sb.append('`');
              p += 2;
              continue;
            }
            p++;
            closed = true;
            break;
          }
          sb.append(d);
          p++;
        }
        if (!closed || end < 0) {
          throw error("unterminated quoted identifier", start);
        }
        toks.add(new Tok(T.QUOTED_IDENT, sb.toString(), start));
      } else if (c == '(') {
        toks.add(new Tok(T.LPAREN, "(", p++));
      } else if (c == ')') {
        toks.add(new Tok(T.RPAREN, ")", p++));
      } else if (c == ',') {
        toks.add(new Tok(T.COMMA, ",", p++));
      } else if (c == '.') {
        toks.add(new Tok(T.DOT, ".", p++));
      } else if (c == '*') {
        toks.add(new Tok(T.STAR, "*", p++));
      } else {
        String[] ops = {
          "<=>", "<>", "!=", "<=", ">=", "==", "||", "=", "<", ">", "+", "-", "/", "%"
        };
        String found = null;
        for (String op : ops) {
          if (sql.startsWith(op, p)) {
            found = op;
            break;
          }
        }
        if (found == null) {
          throw error("unexpected character '" + c + "'", p);
        }
        toks.add(new Tok(T.OP, found, p));
        p += found.length();
      }
    }
    toks.add(new Tok(T.EOF, "", n));
  }

  private Tok peek() {
    return toks.get(i);
  }

  private Tok peek(int k) {
    return toks.get(Math.min(i + k, toks.size() - 1));
  }

  private Tok next() {
    return toks.get(i++);
  }

  private boolean isKeyword(String kw) {
    Tok t = peek();
    return t.type == T.IDENT && t.text.equalsIgnoreCase(kw);
  }

  private boolean acceptKeyword(String kw) {
    if (isKeyword(kw)) {
      i++;
      return true;
    }
    return false;
  }

  private void expectKeyword(String kw) {
    if (!acceptKeyword(kw)) {
      throw error("expected " + kw + " but found " + describe(peek()), peek().pos);
    }
  }

  private boolean acceptOp(String op) {
    Tok t = peek();
    if (t.type == T.OP && t.text.equals(op)) {
      i++;
      return true;
    }
    return false;
  }

  private Tok expect(T type, String what) {
    Tok t = peek();
    if (t.type != type) {
      throw error("expected " + what + " but found " + describe(t), t.pos);
    }
    return next();
  }

  private static String describe(Tok t) {
    return t.type == T.EOF ? "end of input" : "'" + t.text + "'";
  }

  private Expr selectItem() {
    if (peek().type == T.STAR) {
      next();
      return new Star(null);
    }
    if ((peek().type == T.IDENT || peek().type == T.QUOTED_IDENT)
        && peek(1).type == T.DOT
        && peek(2).type == T.STAR) {
      String q = next().text;
      next();
      next();
      return new Star(q);
    }
    Expr e = expression();
    if (acceptKeyword("AS")) {
      Tok t = peek();
      if (t.type != T.IDENT && t.type != T.QUOTED_IDENT) {
        throw error("expected an alias after AS but found " + describe(t), t.pos);
      }
      next();
      return new Alias(e, t.text);
    }
    if ((peek().type == T.IDENT && !isReserved(peek().text)) || peek().type == T.QUOTED_IDENT) {
      return new Alias(e, next().text);
    }
    return e;
  }

  private static final java.util.Set<String> RESERVED =
      java.util.Set.of(
          "and",
          "or",
          "not",
          "in",
          "between",
          "like",
          "is",
          "null",
          "case",
          "when",
          "then",
          "else",
          "end",
          "as",
          "true",
          "false",
          "cast",
          "distinct",
          "over",
          "asc",
          "desc",
          "rlike",
          "ilike");

  private static boolean isReserved(String s) {
    return RESERVED.contains(s.toLowerCase(Locale.ROOT));
  }

  private Expr expression() {
    enter();
    try {
      return or();
    } finally {
      leave();
    }
  }

  private Expr or() {
    List<Expr> terms = new ArrayList<>();
    terms.add(and());
    while (acceptKeyword("OR")) {
      terms.add(and());
    }
    return Expr.balanced(BinOp.OR, terms);
  }

  private Expr and() {
    List<Expr> terms = new ArrayList<>();
    terms.add(not());
    while (acceptKeyword("AND")) {
      terms.add(not());
    }
    return Expr.balanced(BinOp.AND, terms);
  }

  private Expr not() {
    boolean bang = peek().type == T.OP && peek().text.equals("!");
    if (bang || isKeyword("NOT")) {
      next();
      enter();
      try {
        return new Unary(UnOp.NOT, not());
      } finally {
        leave();
      }
    }
    return predicate();
  }

  private Expr predicate() {
    Expr left = additive();
    while (true) {
      Tok t = peek();
      if (t.type == T.OP) {
        BinOp op =
            switch (t.text) {
              case "=", "==" -> BinOp.EQ;
              case "<>", "!=" -> BinOp.NEQ;
              case "<" -> BinOp.LT;
              case "<=" -> BinOp.LE;
              case ">" -> BinOp.GT;
              case ">=" -> BinOp.GE;
              case "<=>" -> BinOp.EQ_NULL_SAFE;
              default -> null;
            };
        if (op == null) {
          return left;
        }
        next();
        left = new Binary(op, left, additive());
        continue;
      }
      boolean negate = false;
      int save = i;
      if (isKeyword("NOT")) {
        next();
        negate = true;
      }
      if (acceptKeyword("IN")) {
        expect(T.LPAREN, "'(' after IN");
        List<Expr> list = new ArrayList<>();
        if (peek().type == T.RPAREN) {
          throw error("IN needs at least one value", peek().pos);
        }
        do {
          list.add(expression());
        } while (peek().type == T.COMMA && next() != null);
        expect(T.RPAREN, "')' closing IN list");
        Expr in = new In(left, list);
        left = negate ? new Unary(UnOp.NOT, in) : in;
      } else if (acceptKeyword("BETWEEN")) {
        Expr lo = additive();
        expectKeyword("AND");
        Expr hi = additive();
        Expr b =
            new Binary(BinOp.AND, new Binary(BinOp.GE, left, lo), new Binary(BinOp.LE, left, hi));
        left = negate ? new Unary(UnOp.NOT, b) : b;
      } else if (acceptKeyword("LIKE")) {
        Expr pattern = additive();
        Expr l = new Like(left, pattern);
        left = negate ? new Unary(UnOp.NOT, l) : l;
      } else if (!negate && acceptKeyword("IS")) {
        boolean not = acceptKeyword("NOT");
        if (acceptKeyword("NULL")) {
          left = new Unary(not ? UnOp.IS_NOT_NULL : UnOp.IS_NULL, left);
        } else if (acceptKeyword("TRUE") || acceptKeyword("FALSE")) {
          boolean v = toks.get(i - 1).text.equalsIgnoreCase("TRUE");
          Expr eq =
              new Binary(
                  BinOp.EQ_NULL_SAFE,
                  left,
                  new Lit(v, dev.strata.format.types.PrimitiveType.BOOLEAN));
          left = not ? new Unary(UnOp.NOT, eq) : eq;
        } else {
          throw error(
              "expected NULL after IS" + (not ? " NOT" : "") + " but found " + describe(peek()),
              peek().pos);
        }
      } else {
        i = save;
        return left;
      }
    }
  }

  private Expr additive() {
    Expr e = multiplicative();
    while (true) {
      if (acceptOp("+")) {
        e = new Binary(BinOp.ADD, e, multiplicative());
      } else if (acceptOp("-")) {
        e = new Binary(BinOp.SUB, e, multiplicative());
      } else if (acceptOp("||")) {
        e = new Call("concat", List.of(e, multiplicative()));
      } else {
        return e;
      }
    }
  }

  private Expr multiplicative() {
    Expr e = unary();
    while (true) {
      if (peek().type == T.STAR) {
        next();
        e = new Binary(BinOp.MUL, e, unary());
      } else if (acceptOp("/")) {
        e = new Binary(BinOp.DIV, e, unary());
      } else if (acceptOp("%")) {
        e = new Binary(BinOp.MOD, e, unary());
      } else {
        return e;
      }
    }
  }

  private Expr unary() {
    if (acceptOp("-")) {
      enter();
      Expr e;
      try {
        e = unary();
      } finally {
        leave();
      }
      if (e instanceof Lit l && l.value() instanceof Number) {
        return negateLiteral(l);
      }
      return new Unary(UnOp.NEGATE, e);
    }
    if (acceptOp("+")) {
      enter();
      try {
        return unary();
      } finally {
        leave();
      }
    }
    return primary();
  }

  private static Lit negateLiteral(Lit l) {
    Object v = l.value();
    if (v instanceof Integer x) {
      return Lit.of(-x);
    }
    if (v instanceof Long x) {
      return x == Long.MIN_VALUE
          ? Lit.of(BigDecimal.valueOf(x).negate())
          : (-x == Integer.MIN_VALUE ? Lit.of(Integer.MIN_VALUE) : Lit.of(-x));
    }
    if (v instanceof Double x) {
      return Lit.of(-x);
    }
    if (v instanceof BigDecimal x) {
      BigDecimal n = x.negate();
      if (n.scale() == 0 && n.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) == 0) {
        return Lit.of(Long.MIN_VALUE);
      }
      return new Lit(n, l.type());
    }
    return new Lit(v, l.type());
  }

  private Expr primary() {
    Tok t = peek();
    switch (t.type) {
      case NUMBER:
        next();
        return number(t);
      case STRING:
        next();
        return Lit.of(t.text);
      case LPAREN:
        {
          next();
          Expr e = expression();
          expect(T.RPAREN, "')'");
          return e;
        }
      case QUOTED_IDENT:
        return columnRef();
      case IDENT:
        break;
      case EOF:
        throw error("unexpected end of expression", t.pos);
      default:
        throw error("unexpected " + describe(t), t.pos);
    }
    String word = t.text.toLowerCase(Locale.ROOT);
    switch (word) {
      case "null":
        next();
        return Lit.NULL;
      case "true":
        next();
        return Lit.of(true);
      case "false":
        next();
        return Lit.of(false);
      case "case":
        next();
        return caseWhen();
      case "cast":
        if (peek(1).type == T.LPAREN) {
          next();
          next();
          Expr e = expression();
          expectKeyword("AS");
          int typePos = peek().pos;
          DataType type = typeName();
          if (type == null) {
            throw error("unknown type", typePos);
          }
          expect(T.RPAREN, "')' closing CAST");
          return new Cast(e, type);
        }
        break;
      case "date":
      case "timestamp":
        if (peek(1).type == T.STRING) {
          next();
          Tok s = next();
          if (word.equals("date")) {
            try {
              String v = s.text.trim();
              return Lit.of(LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v));
            } catch (RuntimeException e) {
              throw error("invalid DATE literal '" + s.text + "'", s.pos);
            }
          }
          Long micros = dev.strata.engine.internal.expr.DateTimes.parseTimestamp(s.text);
          if (micros == null) {
            throw error("invalid TIMESTAMP literal '" + s.text + "'", s.pos);
          }
          return Lit.of(dev.strata.format.vector.LongVector.toInstant(micros));
        }
        break;
      default:
        break;
    }
    if (isReserved(word) && !(peek(1).type == T.LPAREN)) {
      throw error("unexpected keyword '" + t.text + "'", t.pos);
    }
    if (peek(1).type == T.LPAREN) {
      return functionCall();
    }
    return columnRef();
  }

  private DataType typeName() {
    Tok t = expect(T.IDENT, "a type name");
    StringBuilder sb = new StringBuilder(t.text);
    if (peek().type == T.LPAREN) {
      next();
      sb.append('(').append(expect(T.NUMBER, "a precision").text);
      if (peek().type == T.COMMA) {
        next();
        sb.append(',').append(expect(T.NUMBER, "a scale").text);
      }
      expect(T.RPAREN, "')'");
      sb.append(')');
    }
    try {
      return Types.parseTypeName(sb.toString());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage(), t.pos);
    }
  }

  private Expr columnRef() {
    Tok first = next();
    if (peek().type == T.DOT && (peek(1).type == T.IDENT || peek(1).type == T.QUOTED_IDENT)) {
      next();
      Tok second = next();
      if (peek().type == T.DOT && (peek(1).type == T.IDENT || peek(1).type == T.QUOTED_IDENT)) {
        throw error("nested field references are not supported", peek().pos);
      }
      return new Col(first.text, second.text);
    }
    return new Col(null, first.text);
  }

  private Expr caseWhen() {
    Expr operand = null;
    if (!isKeyword("WHEN")) {
      operand = expression();
    }
    List<Expr> conds = new ArrayList<>(), vals = new ArrayList<>();
    while (acceptKeyword("WHEN")) {
      Expr c = expression();
      if (operand != null) {
        c = new Binary(BinOp.EQ, operand, c);
      }
      expectKeyword("THEN");
      conds.add(c);
      vals.add(expression());
    }
    if (conds.isEmpty()) {
      throw error("CASE needs at least one WHEN", peek().pos);
    }
    Expr other = null;
    if (acceptKeyword("ELSE")) {
      other = expression();
    }
    expectKeyword("END");
    return new Case(conds, vals, other);
  }

  private Expr functionCall() {
    Tok nameTok = next();
    String name = nameTok.text.toLowerCase(Locale.ROOT);
    expect(T.LPAREN, "'('");
    boolean distinct = acceptKeyword("DISTINCT");
    List<Expr> args = new ArrayList<>();
    if (peek().type == T.STAR) {
      next();
      if (!name.equals("count")) {
        throw error("'*' is only allowed in count(*)", toks.get(i - 1).pos);
      }
    } else if (peek().type != T.RPAREN) {
      do {
        args.add(expression());
      } while (peek().type == T.COMMA && next() != null);
    }
    expect(T.RPAREN, "')' closing " + name + "(");
    if (name.equals("row_number")) {
      if (!acceptKeyword("OVER")) {
        throw error("row_number() needs OVER (PARTITION BY ... ORDER BY ...)", peek().pos);
      }
      return window();
    }
    if (AggFunctions.isAggregate(name)) {
      return new Agg(name, args, distinct);
    }
    if (name.equals("count_distinct")) {
      return new Agg("count", args, true);
    }
    if (distinct) {
      throw error("DISTINCT is only allowed in aggregate functions", nameTok.pos);
    }
    if (!Functions.isFunction(name)) {
      throw error("unknown function '" + nameTok.text + "'", nameTok.pos);
    }
    return new Call(name, args);
  }

  private Expr window() {
    expect(T.LPAREN, "'(' after OVER");
    List<Expr> parts = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    if (acceptKeyword("PARTITION")) {
      expectKeyword("BY");
      do {
        parts.add(expression());
      } while (peek().type == T.COMMA && next() != null);
    }
    if (acceptKeyword("ORDER")) {
      expectKeyword("BY");
      do {
        orders.add(orderItem());
      } while (peek().type == T.COMMA && next() != null);
    }
    expect(T.RPAREN, "')' closing OVER");
    return new RowNumber(parts, orders);
  }

  /** Parses {@code expr [ASC|DESC] [NULLS FIRST|LAST]}. */
  private Order orderItem() {
    Expr e = expression();
    boolean asc = true;
    if (acceptKeyword("DESC")) {
      asc = false;
    } else {
      acceptKeyword("ASC");
    }
    boolean nullsFirst = asc;
    if (acceptKeyword("NULLS")) {
      if (acceptKeyword("FIRST")) {
        nullsFirst = true;
      } else {
        expectKeyword("LAST");
        nullsFirst = false;
      }
    }
    return new Order(e, asc, nullsFirst);
  }

  /** Parses a sort expression such as {@code order_ts DESC NULLS LAST}. */
  public static Order parseOrder(String sql) {
    SqlParser p = new SqlParser(sql);
    Order o = p.orderItem();
    p.expect(T.EOF, "end of expression");
    return o;
  }

  private Expr number(Tok t) {
    String s = t.text;
    String lower = s.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith("bd")) {
        return Lit.of(new BigDecimal(s.substring(0, s.length() - 2)));
      }
      if (lower.endsWith("l")) {
        return Lit.of(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (lower.endsWith("d")) {
        return Lit.of(Double.parseDouble(s.substring(0, s.length() - 1)));
      }
      if (lower.endsWith("f")) {
        return Lit.of(Float.parseFloat(s.substring(0, s.length() - 1)));
      }
      if (lower.endsWith("s")) {
        return Lit.of(Short.parseShort(s.substring(0, s.length() - 1)));
      }
      if (lower.endsWith("y")) {
        return Lit.of(Byte.parseByte(s.substring(0, s.length() - 1)));
      }
      if (lower.contains("e")) {
        return Lit.of(Double.parseDouble(s));
      }
      if (s.contains(".")) {
        return Lit.of(new BigDecimal(s));
      }
      BigInteger v = new BigInteger(s);
      if (v.bitLength() < 32) {
        return Lit.of(v.intValue());
      }
      if (v.bitLength() < 64) {
        return Lit.of(v.longValue());
      }
      return Lit.of(new BigDecimal(v));
    } catch (NumberFormatException e) {
      throw error("invalid number '" + s + "'", t.pos);
    }
  }
}
