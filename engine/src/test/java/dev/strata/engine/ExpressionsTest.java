package dev.strata.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.Row;
import dev.strata.format.stats.ColumnRange;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
  static final StructType S =
      StructType.of(
          StructField.of("a", PrimitiveType.INTEGER),
          StructField.of("b", PrimitiveType.BOOLEAN),
          StructField.of("s", PrimitiveType.STRING),
          StructField.of("p", new DecimalType(10, 2)),
          StructField.of("d", PrimitiveType.DATE),
          StructField.of("t", PrimitiveType.TIMESTAMP));

  static final ColumnBatch BATCH =
      ColumnBatch.fromRows(
          S,
          List.of(
              Row.of(
                  1,
                  true,
                  " Hello ",
                  new BigDecimal("2.50"),
                  LocalDate.of(2024, 1, 31),
                  Instant.parse("2024-01-31T13:45:10Z")),
              Row.of(null, null, null, null, null, null),
              Row.of(
                  -3,
                  false,
                  "abc%",
                  new BigDecimal("-1.25"),
                  LocalDate.of(2024, 2, 29),
                  Instant.parse("2023-12-31T23:59:59Z"))));

  static List<Object> eval(String sql) {
    ColumnVector v = Expressions.bind(sql, S).evaluate(BATCH);
    return java.util.stream.IntStream.range(0, v.size()).mapToObj(v::get).toList();
  }

  @Test
  void threeValuedLogic() {
    assertThat(eval("b AND a > 0")).containsExactly(true, null, false);
    assertThat(eval("b OR a > 0")).containsExactly(true, null, false);
    assertThat(eval("a IS NULL OR a < 0")).containsExactly(false, true, true);
    assertThat(eval("NOT (a > 0)")).containsExactly(false, null, true);
    assertThat(eval("a IN (1, NULL)")).containsExactly(true, null, null);
    assertThat(eval("a NOT IN (5, 6)")).containsExactly(true, null, true);
    assertThat(eval("a <=> NULL")).containsExactly(false, true, false);
    assertThat(eval("false AND a > 0")).containsExactly(false, false, false);
  }

  @Test
  void stringsAndLike() {
    assertThat(eval("trim(s)")).containsExactly("Hello", null, "abc%");
    assertThat(eval("upper(s)")).containsExactly(" HELLO ", null, "ABC%");
    assertThat(eval("length(s)")).containsExactly(7, null, 4);
    assertThat(eval("substring(s, 2, 3)")).containsExactly("Hel", null, "bc%");
    assertThat(eval("concat(s, '-', a)")).containsExactly(" Hello -1", null, "abc%--3");
    assertThat(eval("s LIKE '%ell%'")).containsExactly(true, null, false);
    assertThat(eval("s LIKE 'abc\\\\%'")).containsExactly(false, null, true);
    assertThat(eval("CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' END"))
        .containsExactly("pos", null, "neg");
    assertThat(eval("coalesce(s, 'none')")).containsExactly(" Hello ", "none", "abc%");
  }

  @Test
  void datesAndCasts() {
    assertThat(eval("year(d)")).containsExactly(2024, null, 2024);
    assertThat(eval("month(d)")).containsExactly(1, null, 2);
    assertThat(eval("dayofmonth(d)")).containsExactly(31, null, 29);
    assertThat(eval("date_add(d, 1)"))
        .containsExactly(LocalDate.of(2024, 2, 1), null, LocalDate.of(2024, 3, 1));
    assertThat(eval("datediff(d, DATE '2024-01-01')")).containsExactly(30, null, 59);
    assertThat(eval("to_date(t)"))
        .containsExactly(LocalDate.of(2024, 1, 31), null, LocalDate.of(2023, 12, 31));
    assertThat(eval("date_trunc('month', t)"))
        .containsExactly(
            Instant.parse("2024-01-01T00:00:00Z"), null, Instant.parse("2023-12-01T00:00:00Z"));
    assertThat(eval("to_date('2024-05-06')")).containsOnly(LocalDate.of(2024, 5, 6));
    assertThat(eval("to_timestamp('06/05/2024 10:00', 'dd/MM/yyyy HH:mm')"))
        .containsOnly(Instant.parse("2024-05-06T10:00:00Z"));
    assertThat(eval("CAST(a AS string)")).containsExactly("1", null, "-3");
    assertThat(eval("CAST('12x' AS int)")).containsOnly((Object) null);
    assertThat(eval("CAST(p AS int)")).containsExactly(2, null, -1);
    assertThat(eval("d = '2024-01-31'")).containsExactly(true, null, false);
    assertThat(eval("t > TIMESTAMP '2024-01-01 00:00:00'")).containsExactly(true, null, false);
  }

  @Test
  void decimalArithmeticFollowsSpark() {
    assertThat(Expressions.bind("p * a", S).dataType()).isEqualTo(new DecimalType(21, 2));
    assertThat(Expressions.bind("p + p", S).dataType()).isEqualTo(new DecimalType(11, 2));
    assertThat(Expressions.bind("p * 2", S).dataType()).isEqualTo(new DecimalType(12, 2));
    assertThat(Expressions.bind("p / p", S).dataType()).isEqualTo(new DecimalType(23, 13));
    assertThat(Expressions.bind("a / 2", S).dataType()).isEqualTo(PrimitiveType.DOUBLE);
    assertThat(eval("p * a")).containsExactly(new BigDecimal("2.50"), null, new BigDecimal("3.75"));
    assertThat(eval("p / 3"))
        .containsExactly(new BigDecimal("0.833333"), null, new BigDecimal("-0.416667"));
    assertThat(eval("a % 2")).containsExactly(1, null, -1);
    assertThat(eval("a / 0")).containsExactly(null, null, null);
  }

  @Test
  void malformedExpressionsPointAtThePosition() {
    assertThatThrownBy(() -> Expressions.parse("order_date = '2024-01-05' AND"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("end of expression")
        .satisfies(e -> assertThat(((InvalidPredicateException) e).position()).isEqualTo(29))
        .hasMessageContaining("^");
    assertThatThrownBy(() -> Expressions.parse("a IN 1, 2"))
        .isInstanceOf(InvalidPredicateException.class);
    assertThatThrownBy(() -> Expressions.parse("CAST(a AS blob)"))
        .isInstanceOf(InvalidPredicateException.class);
    assertThatThrownBy(() -> Expressions.parse("s = 'open"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> Expressions.parse("`t.col` = 1 AND t.x == 2 AND foo(1)"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("unknown function");
  }

  @Test
  void partitionAndStatsPredicates() {
    StructType parts =
        StructType.of(
            StructField.of("order_date", PrimitiveType.DATE),
            StructField.of("region", PrimitiveType.STRING));
    Predicate<Map<String, Object>> p =
        Expressions.partitionPredicate("order_date = '2024-01-05' AND quantity > 0", parts);
    assertThat(p.test(Map.of("order_date", "2024-01-05", "region", "eu"))).isTrue();
    assertThat(p.test(Map.of("order_date", LocalDate.of(2024, 1, 6), "region", "eu"))).isFalse();
    StructType data =
        StructType.of(
            StructField.of("quantity", PrimitiveType.INTEGER),
            StructField.of("s", PrimitiveType.STRING));
    StatsPredicate sp = Expressions.statsPredicate("quantity > 10 AND s IS NOT NULL", data);
    assertThat(sp.mightMatch(c -> c.equals("quantity") ? new ColumnRange(1, 5, 0, 10) : null))
        .isFalse();
    assertThat(sp.mightMatch(c -> c.equals("quantity") ? new ColumnRange(1, 50, 0, 10) : null))
        .isTrue();
    assertThat(sp.mightMatch(c -> c.equals("s") ? new ColumnRange(null, null, 10, 10) : null))
        .isFalse();
    assertThat(sp.mightMatch(c -> null)).isTrue();
  }
}
