package dev.strata.benchmarks.medallion;

import dev.strata.engine.Dataset;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the workload's checksums from what Strata's tables hold, streaming batch by batch so a
 * 2,000,000-row table is checked within a small heap (ids are kept in primitive arrays).
 */
final class Checksums {
  private Checksums() {}

  /** A growable array of longs; distinct counts sort it once. */
  private static final class LongList {
    long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long distinct() {
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      long count = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          count++;
        }
      }
      return count;
    }
  }

  /** The order-table checksum of a bronze or silver table. */
  static Reference.Checksum orders(Dataset table) {
    Dataset projected =
        table.select(
            "order_id", "customer_id", "product_id", "quantity", "price", "order_ts", "order_date");
    LongList ids = new LongList();
    LongList customers = new LongList();
    Set<Integer> dates = new HashSet<>();
    long[] sums = new long[6]; // rows, id, quantity, revenue cents, id*quantity, epoch seconds
    long[] invalid = new long[1];
    projected.foreachBatch(
        batch -> {
          synchronized (sums) {
            accumulate(batch, ids, customers, dates, sums, invalid);
          }
        });
    return new Reference.Checksum(
        sums[0],
        ids.distinct(),
        sums[1],
        sums[2],
        Reference.money(sums[3]),
        sums[4],
        sums[5],
        customers.distinct(),
        invalid[0],
        dates.size());
  }

  private static void accumulate(
      ColumnBatch batch,
      LongList ids,
      LongList customers,
      Set<Integer> dates,
      long[] sums,
      long[] invalid) {
    LongVector id = (LongVector) batch.column(0);
    LongVector customer = (LongVector) batch.column(1);
    BytesVector product = (BytesVector) batch.column(2);
    IntVector quantity = (IntVector) batch.column(3);
    DecimalVector price = (DecimalVector) batch.column(4);
    LongVector ts = (LongVector) batch.column(5);
    IntVector date = (IntVector) batch.column(6);
    for (int i = 0; i < batch.numRows(); i++) {
      long oid = id.getLong(i);
      int q = quantity.getInt(i);
      long cents = price.getDecimal(i).movePointRight(2).longValueExact();
      sums[0]++;
      sums[1] += oid;
      sums[2] += q;
      sums[3] += q * cents;
      sums[4] += oid * q;
      sums[5] += Math.floorDiv(ts.getLong(i), 1_000_000L);
      ids.add(oid);
      customers.add(customer.getLong(i));
      dates.add(date.getInt(i));
      boolean valid = q > 0 && !product.isNull(i) && product.length(i) > 0;
      if (!valid) {
        invalid[0]++;
      }
    }
  }

  /** The gold rows keyed by (order_date, category). */
  static Map<List<String>, Reference.GoldValue> gold(Dataset gold) {
    Map<List<String>, Reference.GoldValue> rows = new HashMap<>();
    for (var row :
        gold.select("order_date", "category", "order_count", "revenue", "distinct_customers")
            .collect()) {
      BigDecimal revenue = (BigDecimal) row.get(3);
      rows.put(
          List.of(String.valueOf(row.get(0)), (String) row.get(1)),
          new Reference.GoldValue(
              ((Number) row.get(2)).longValue(),
              revenue.movePointRight(2).longValueExact(),
              ((Number) row.get(4)).longValue()));
    }
    return rows;
  }
}
