package dev.strata.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gold table of the orders pipeline recomputed in plain Java from the CSV files, following
 * WORKLOAD.md word for word (valid rows, latest order_ts per order_id, inner join with products,
 * group by day and category). Independent of the engine: the oracle the pipeline is checked
 * against; itself checked against the Python reference when python3 is available.
 */
final class ReferenceGold {
  /** One gold row's values; revenue in cents. */
  record Values(long orderCount, long revenueCents, long distinctCustomers) {}

  private ReferenceGold() {}

  /** (day, category) -> values, for the days given (all days when null). */
  static Map<String, Values> compute(Path data, Set<String> days) {
    try {
      Map<String, String> category = new HashMap<>();
      List<String> products = Files.readAllLines(data.resolve("products.csv"));
      for (String line : products.subList(1, products.size())) {
        String[] f = line.split(",", -1);
        category.put(f[0], f[1]);
      }
      Map<Long, String[]> latest = new HashMap<>();
      List<String> orders = Files.readAllLines(data.resolve("orders.csv"));
      for (String line : orders.subList(1, orders.size())) {
        String[] f = line.split(",", -1);
        if (Integer.parseInt(f[3]) <= 0 || f[2].isEmpty()) {
          continue;
        }
        long id = Long.parseLong(f[0]);
        String[] cur = latest.get(id);
        // The timestamp text sorts like the time it names.
        if (cur == null || f[5].compareTo(cur[5]) > 0) {
          latest.put(id, f);
        }
      }
      Map<String, long[]> sums = new TreeMap<>();
      Map<String, Set<Long>> customers = new HashMap<>();
      for (String[] f : latest.values()) {
        String cat = category.get(f[2]);
        if (cat == null || (days != null && !days.contains(f[6]))) {
          continue;
        }
        String key = f[6] + "," + cat;
        long[] s = sums.computeIfAbsent(key, k -> new long[2]);
        s[0]++;
        s[1] += Integer.parseInt(f[3]) * cents(f[4]);
        customers.computeIfAbsent(key, k -> new HashSet<>()).add(Long.parseLong(f[1]));
      }
      Map<String, Values> out = new TreeMap<>();
      sums.forEach((k, s) -> out.put(k, new Values(s[0], s[1], customers.get(k).size())));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long cents(String price) {
    int dot = price.indexOf('.');
    return Long.parseLong(price.substring(0, dot)) * 100 + Long.parseLong(price.substring(dot + 1));
  }

  static String money(long cents) {
    return String.format("%d.%02d", cents / 100, cents % 100);
  }
}
