package dev.strata.benchmarks.writer;

import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic orders with the workload's schema (see {@code shared/bench/WORKLOAD.md}), held as
 * primitive arrays so both writers under test read the same values without generation cost.
 */
final class OrdersData {
  static final StructType SCHEMA =
      StructType.of(
          StructField.of("order_id", PrimitiveType.LONG),
          StructField.of("customer_id", PrimitiveType.LONG),
          StructField.of("product_id", PrimitiveType.STRING),
          StructField.of("quantity", PrimitiveType.INTEGER),
          StructField.of("price", new DecimalType(10, 2)),
          StructField.of("order_ts", PrimitiveType.TIMESTAMP),
          StructField.of("order_date", PrimitiveType.DATE),
          StructField.of("status", PrimitiveType.STRING),
          StructField.of("comment", PrimitiveType.STRING));

  static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  static final String[] WORDS = {
    "fast",
    "gift",
    "fragile",
    "call",
    "before",
    "delivery",
    "leave",
    "at",
    "door",
    "thanks",
    "please",
    "wrap",
    "urgent",
    "backorder",
    "ok"
  };
  static final int FIRST_DAY = 19723; // 2024-01-01 in epoch days
  static final int DAYS = 30;

  final int rows;
  final long[] orderId;
  final long[] customerId;
  final String[] productId;
  final int[] quantity;
  final long[] priceCents;
  final long[] tsMicros;
  final int[] day;
  final byte[] status;
  final String[] comment;

  OrdersData(int rows, long seed) {
    this.rows = rows;
    orderId = new long[rows];
    customerId = new long[rows];
    productId = new String[rows];
    quantity = new int[rows];
    priceCents = new long[rows];
    tsMicros = new long[rows];
    day = new int[rows];
    status = new byte[rows];
    comment = new String[rows];
    SplittableRandom rng = new SplittableRandom(seed);
    String[] products = new String[1000];
    for (int i = 0; i < products.length; i++) {
      products[i] = String.format("P%05d", i);
    }
    for (int i = 0; i < rows; i++) {
      orderId[i] = i + 1L;
      customerId[i] = 1 + rng.nextInt(200_000);
      productId[i] = rng.nextInt(100) == 0 ? null : products[rng.nextInt(products.length)];
      quantity[i] = rng.nextInt(50) == 0 ? -1 : 1 + rng.nextInt(10);
      priceCents[i] = 100 + rng.nextInt(100_000);
      day[i] = FIRST_DAY + (int) ((long) i * DAYS / rows);
      tsMicros[i] = (day[i] * 86_400L + rng.nextInt(86_400)) * 1_000_000L;
      status[i] = (byte) rng.nextInt(STATUSES.length);
      int words = 1 + rng.nextInt(6);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          sb.append(' ');
        }
        sb.append(WORDS[rng.nextInt(WORDS.length)]);
      }
      comment[i] = sb.toString();
    }
  }

  /** The rows {@code [from, to)} as column batches of up to {@code batchRows} rows. */
  List<ColumnBatch> batches(int from, int to, int batchRows) {
    List<ColumnBatch> out = new ArrayList<>();
    for (int start = from; start < to; start += batchRows) {
      out.add(batch(start, Math.min(to, start + batchRows)));
    }
    return out;
  }

  ColumnBatch batch(int from, int to) {
    int n = to - from;
    LongVector id = new LongVector(PrimitiveType.LONG, n);
    LongVector customer = new LongVector(PrimitiveType.LONG, n);
    BytesVector product = new BytesVector(PrimitiveType.STRING, n);
    IntVector qty = new IntVector(PrimitiveType.INTEGER, n);
    DecimalVector price = (DecimalVector) ColumnVector.allocate(new DecimalType(10, 2), n);
    LongVector ts = new LongVector(PrimitiveType.TIMESTAMP, n);
    IntVector date = new IntVector(PrimitiveType.DATE, n);
    BytesVector st = new BytesVector(PrimitiveType.STRING, n);
    BytesVector cm = new BytesVector(PrimitiveType.STRING, n);
    for (int i = from; i < to; i++) {
      id.appendLong(orderId[i]);
      customer.appendLong(customerId[i]);
      if (productId[i] == null) {
        product.appendNull();
      } else {
        product.appendString(productId[i]);
      }
      qty.appendInt(quantity[i]);
      price.append(java.math.BigDecimal.valueOf(priceCents[i], 2));
      ts.appendLong(tsMicros[i]);
      date.appendInt(day[i]);
      st.appendString(STATUSES[status[i]]);
      cm.appendString(comment[i]);
    }
    return new ColumnBatch(
        SCHEMA, new ColumnVector[] {id, customer, product, qty, price, ts, date, st, cm}, n);
  }
}
