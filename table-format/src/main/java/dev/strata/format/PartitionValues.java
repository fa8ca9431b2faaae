package dev.strata.format;

import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Delta's {@code partitionValues} strings: serialising an external value for the log and parsing it
 * back. Null is JSON null; an empty string also reads as null (Spark cannot store one). Timestamps
 * are written as ISO-8601 UTC with microseconds ({@code 2024-01-01T10:00:00.000000Z}) and read from
 * that form or from {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, taken as UTC.
 */
public final class PartitionValues {
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** {@code yyyy-MM-dd HH:mm:ss[.f…]}: Spark's form for timestamp_ntz and older timestamps. */
  private static final DateTimeFormatter SPACE_FORM =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private PartitionValues() {}

  /** The partition value string of an external value of {@code type}; null stays null. */
  public static String serialize(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof DecimalType) {
      return ((BigDecimal) value).toPlainString();
    }
    if (!(type instanceof PrimitiveType p)) {
      throw new SchemaMismatchException(
          "Cannot partition by a column of type " + type.simpleString());
    }
    return switch (p) {
      case STRING -> {
        String s = (String) value;
        yield s.isEmpty() ? null : s;
      }
      case BINARY -> new String((byte[]) value, StandardCharsets.UTF_8);
      case TIMESTAMP -> ISO_MICROS.format(toInstant(value));
      case TIMESTAMP_NTZ -> formatNtz((LocalDateTime) value);
      case DATE -> value.toString();
      case BOOLEAN, BYTE, SHORT, INTEGER, LONG, FLOAT, DOUBLE -> value.toString();
      case VOID -> null;
    };
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof Long micros) {
      return LongVector.toInstant(micros);
    }
    throw new IllegalArgumentException("Not a timestamp: " + value);
  }

  private static String formatNtz(LocalDateTime t) {
    String base = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(t);
    int micros = t.getNano() / 1000;
    if (micros == 0) {
      return base;
    }
    String fraction = String.format(Locale.ROOT, "%06d", micros).replaceAll("0+$", "");
    return base + "." + fraction;
  }

  /**
   * The external value of a partition value string; null or empty gives null.
   *
   * @throws SchemaMismatchException when the string is not a value of {@code type}
   */
  public static Object parse(DataType type, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      if (type instanceof DecimalType d) {
        return new BigDecimal(value.trim()).setScale(d.scale(), java.math.RoundingMode.UNNECESSARY);
      }
      if (!(type instanceof PrimitiveType p)) {
        throw new SchemaMismatchException(
            "Cannot partition by a column of type " + type.simpleString());
      }
      return switch (p) {
        case STRING -> value;
        case BINARY -> value.getBytes(StandardCharsets.UTF_8);
        case BOOLEAN -> {
          if (value.equalsIgnoreCase("true")) {
            yield Boolean.TRUE;
          }
          if (value.equalsIgnoreCase("false")) {
            yield Boolean.FALSE;
          }
          throw new IllegalArgumentException("not a boolean");
        }
        case BYTE -> Byte.parseByte(value.trim());
        case SHORT -> Short.parseShort(value.trim());
        case INTEGER -> Integer.parseInt(value.trim());
        case LONG -> Long.parseLong(value.trim());
        case FLOAT -> Float.parseFloat(value.trim());
        case DOUBLE -> Double.parseDouble(value.trim());
        case DATE -> LocalDate.parse(value.trim());
        case TIMESTAMP -> parseTimestamp(value.trim());
        case TIMESTAMP_NTZ -> parseLocal(value.trim());
        case VOID -> null;
      };
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new SchemaMismatchException(
          "Partition value '" + value + "' is not a valid " + type.simpleString());
    }
  }

  private static Instant parseTimestamp(String value) {
    if (value.indexOf('T') > 0
        && (value.endsWith("Z") || value.lastIndexOf('+') > 10 || value.lastIndexOf('-') > 10)) {
      return OffsetDateTime.parse(value).toInstant();
    }
    return parseLocal(value).toInstant(ZoneOffset.UTC);
  }

  private static LocalDateTime parseLocal(String value) {
    if (value.indexOf('T') > 0) {
      return LocalDateTime.parse(value);
    }
    if (value.length() == 10) {
      return LocalDate.parse(value).atStartOfDay();
    }
    return LocalDateTime.parse(value, SPACE_FORM);
  }
}
