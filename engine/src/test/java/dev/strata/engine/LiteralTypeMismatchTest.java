package dev.strata.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.Row;
import dev.strata.format.StrataException;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A literal that is no value of the compared column's type is an error (Spark ANSI), not a
 * comparison with NULL that silently matches nothing.
 */
class LiteralTypeMismatchTest {
  static Strata strata;
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("order_count", PrimitiveType.INTEGER),
          StructField.of("category", PrimitiveType.STRING),
          StructField.of("order_date", PrimitiveType.DATE));

  @BeforeAll
  static void start() {
    strata = Strata.builder().parallelism(2).build();
  }

  @AfterAll
  static void stop() {
    strata.close();
  }

  static Dataset data() {
    return strata.createDataset(
        List.of(
            Row.of(250, "books", LocalDate.of(2024, 2, 28)),
            Row.of(350, "games", LocalDate.of(2024, 2, 29)),
            Row.of(450, "5", LocalDate.of(2024, 3, 1))),
        SCHEMA);
  }

  private static void assertMismatch(String filter, String... parts) {
    assertThatThrownBy(() -> data().filter(filter).count())
        .as(filter)
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("Type mismatch")
        .hasMessageContaining(parts[0])
        .hasMessageContaining(parts[1])
        .hasMessageContaining(parts[2]);
  }

  @Test
  void literalsThatAreNoValueOfTheColumnTypeAreErrors() {
    assertMismatch("order_count = 'abc'", "column order_count", "int", "'abc'");
    assertMismatch("category = 5", "column category", "string", "5");
    assertMismatch("order_date = '2024-02-30'", "column order_date", "date", "'2024-02-30'");
    assertMismatch("order_count IN (300, 'x')", "column order_count", "int", "'x'");
    assertMismatch("'abc' < order_count", "column order_count", "int", "'abc'");
  }

  @Test
  void validCastsKeepWorking() {
    assertThat(data().filter("order_count > '300'").count()).isEqualTo(2);
    assertThat(data().filter("order_date = '2024-02-29'").count()).isEqualTo(1);
    assertThat(data().filter("order_date >= '2024-02-29'").count()).isEqualTo(2);
    assertThat(data().filter("category = '5'").count()).isEqualTo(1);
    assertThat(data().filter("order_count IN ('250', 350)").count()).isEqualTo(2);
    assertThat(data().filter("CAST(category AS int) = 5").count()).isEqualTo(1);
    assertThat(data().filter("order_count = NULL").count()).isZero();
  }
}
