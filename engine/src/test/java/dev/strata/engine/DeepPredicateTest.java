package dev.strata.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated filters are wide (long AND/OR lists) and hostile ones are deep: wide ones must work,
 * deep ones must fail with a clear error rather than a StackOverflowError.
 */
class DeepPredicateTest {
  static Strata strata;

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  private static String terms(int n, String joiner, java.util.function.IntFunction<String> term) {
    return IntStream.range(0, n).mapToObj(term).collect(Collectors.joining(joiner));
  }

  @Test
  void tenThousandTermOrAndAndListsWork() {
    String or = terms(10_000, " OR ", k -> "id = " + (2 * k));
    assertThat(strata.range(30_000).filter(or).count()).isEqualTo(10_000);
    String and = terms(10_000, " AND ", k -> "id <> " + (2 * k + 1));
    assertThat(strata.range(20_000).filter(and).count()).isEqualTo(10_000);
    // Mixed: a generated OR of ANDs.
    String mixed =
        terms(3_000, " OR ", k -> "(id >= " + (10 * k) + " AND id < " + (10 * k + 2) + ")");
    assertThat(strata.range(30_000).filter(mixed).count()).isEqualTo(6_000);
    // Term order does not change three-valued results: null OR true is true, null AND false false.
    assertThat(
            strata
                .range(10)
                .filter("CAST(NULL AS BOOLEAN) OR " + terms(5_000, " OR ", k -> "id = " + k))
                .count())
        .isEqualTo(10);
  }

  @Test
  void deepNestingIsAClearErrorNotAStackOverflow() {
    String parens = "(".repeat(1000) + "id = 1" + ")".repeat(1000);
    assertThatThrownBy(() -> strata.range(10).filter(parens))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("expression too deeply nested (limit 256)");
    assertThatThrownBy(() -> strata.range(10).filter("NOT ".repeat(5000) + "id = 1"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("too deeply nested");
    assertThatThrownBy(() -> strata.range(10).filter(terms(5000, " + ", k -> "1") + " = id"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("too deeply nested");
    assertThatThrownBy(
            () -> strata.range(10).filter("abs(".repeat(2000) + "id" + ")".repeat(2000) + " = 1"))
        .isInstanceOf(InvalidPredicateException.class)
        .hasMessageContaining("too deeply nested");
    // Reasonable nesting still works.
    String fine = "(".repeat(100) + "id = 1" + ")".repeat(100);
    assertThat(strata.range(10).filter(fine).count()).isEqualTo(1);
  }
}
