package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.format.Row;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void jsonlValueContract() {
    StructType inner = StructType.of(StructField.of("a", PrimitiveType.INTEGER));
    StructType schema =
        StructType.of(
            StructField.of("i", PrimitiveType.INTEGER),
            StructField.of("l", PrimitiveType.LONG),
            StructField.of("f", PrimitiveType.FLOAT),
            StructField.of("d", PrimitiveType.DOUBLE),
            StructField.of("nan", PrimitiveType.DOUBLE),
            StructField.of("inf", PrimitiveType.DOUBLE),
            StructField.of("ninf", PrimitiveType.FLOAT),
            StructField.of("dec", new DecimalType(20, 10)),
            StructField.of("s", PrimitiveType.STRING),
            StructField.of("b", PrimitiveType.BINARY),
            StructField.of("date", PrimitiveType.DATE),
            StructField.of("ts", PrimitiveType.TIMESTAMP),
            StructField.of("tsf", PrimitiveType.TIMESTAMP),
            StructField.of("ntz", PrimitiveType.TIMESTAMP_NTZ),
            StructField.of("st", inner),
            StructField.of("arr", new ArrayType(PrimitiveType.LONG, true)),
            StructField.of("m", new MapType(PrimitiveType.STRING, PrimitiveType.INTEGER, true)),
            StructField.of("n", PrimitiveType.STRING));
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("k1", 1);
    map.put("k2", null);
    Row row =
        Row.of(
            7,
            1L << 40,
            1.5f,
            0.1,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            new BigDecimal("1E-10").setScale(10),
            "x\"y",
            new byte[] {1, 2, (byte) 255},
            LocalDate.of(2021, 9, 8),
            Instant.parse("2021-09-08T11:11:11Z"),
            Instant.parse("2021-09-08T11:11:11.123456Z"),
            LocalDateTime.of(2021, 9, 8, 11, 11, 0),
            Row.of(3),
            List.of(1L, 2L),
            map,
            null);
    String json = Json.compact(Values.rowToJson(row, schema));
    assertThat(json)
        .isEqualTo(
            "{\"i\":7,\"l\":1099511627776,\"f\":1.5,\"d\":0.1,\"nan\":\"NaN\",\"inf\":\"Infinity\","
                + "\"ninf\":\"-Infinity\",\"dec\":\"0.0000000001\",\"s\":\"x\\\"y\","
                + "\"b\":\"AQL/\",\"date\":\"2021-09-08\",\"ts\":\"2021-09-08T11:11:11Z\","
                + "\"tsf\":\"2021-09-08T11:11:11.123456Z\",\"ntz\":\"2021-09-08T11:11:00\","
                + "\"st\":{\"a\":3},\"arr\":[1,2],"
                + "\"m\":[{\"key\":\"k1\",\"value\":1},{\"key\":\"k2\",\"value\":null}],\"n\":null}");
  }

  @Test
  void csvQuotesOnlyWhenNeeded() {
    assertThat(Values.csvField("plain")).isEqualTo("plain");
    assertThat(Values.csvField("a,b")).isEqualTo("\"a,b\"");
    assertThat(Values.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Values.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void sizesAndTimes() {
    assertThat(Sizes.parse("128MB")).isEqualTo(128L << 20);
    assertThat(Sizes.parse("1g")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("512k")).isEqualTo(512L << 10);
    assertThat(Sizes.parse("1000")).isEqualTo(1000);
    assertThat(Sizes.format(1536)).isEqualTo("1.5 KiB");
    assertThat(TimeArgs.parse("2024-01-05")).isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
    assertThat(TimeArgs.parse("2024-01-05 10:00:00"))
        .isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
    assertThat(TimeArgs.parse("2024-01-05T10:00:00+01:00"))
        .isEqualTo(Instant.parse("2024-01-05T09:00:00Z"));
    assertThat(TimeArgs.parse("1704448800000")).isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
  }
}
