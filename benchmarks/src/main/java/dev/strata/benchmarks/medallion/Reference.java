package dev.strata.benchmarks.medallion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The workload's expected results recomputed row at a time from the input CSVs, independently of
 * the engine (the same semantics as {@code shared/bench/reference_check.py}). The harness compares
 * what Strata's tables hold with these numbers; a difference is a failure, not a time.
 */
public final class Reference {
  private Reference() {}

  /** Checksums of a set of order rows (bronze or silver). */
  public record Checksum(
      long rows,
      long distinctOrderId,
      long sumOrderId,
      long sumQuantity,
      String sumQuantityXPrice,
      long sumOrderIdXQuantity,
      long sumEpochSecondsOrderTs,
      long distinctCustomers,
      long invalidRows,
      long distinctOrderDate) {}

  /** Gold table checksums, overall and for the backfill day. */
  public record GoldChecksum(
      long rows,
      long sumOrderCount,
      String sumRevenue,
      long sumDistinctCustomers,
      String maxRevenue,
      String minRevenue,
      long dayRows,
      long daySumOrderCount,
      String daySumRevenue,
      long daySumDistinctCustomers,
      String sortedCsvMd5) {}

  /** Every expected result of the workload. */
  public record Expected(
      Checksum bronze,
      Checksum silverAfterStage2,
      Checksum silverFinal,
      GoldChecksum pipelineGold,
      GoldChecksum goldFinal) {}

  /** One gold row: order_count, revenue in cents, distinct customers. */
  public record GoldValue(long orderCount, long revenueCents, long distinctCustomers) {}

  /** The CSV columns the checks use, in cents and epoch seconds. */
  public record OrderRow(
      long orderId,
      long customerId,
      String productId,
      int quantity,
      long priceCents,
      String orderTs,
      String orderDate) {
    boolean valid() {
      return quantity > 0 && !productId.isEmpty();
    }

    long epochSeconds() {
      return LocalDateTime.parse(orderTs).toEpochSecond(ZoneOffset.UTC);
    }
  }

  static long cents(String price) {
    int dot = price.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(price) * 100;
    }
    String whole = price.substring(0, dot);
    String frac = (price.substring(dot + 1) + "00").substring(0, 2);
    long w = Long.parseLong(whole);
    long f = Long.parseLong(frac);
    return whole.startsWith("-") ? w * 100 - f : w * 100 + f;
  }

  /** Formats cents as the workload prints money: {@code 1234.05}. */
  public static String money(long cents) {
    String sign = cents < 0 ? "-" : "";
    long abs = Math.abs(cents);
    return sign + (abs / 100) + "." + String.format("%02d", abs % 100);
  }

  static List<OrderRow> readOrders(Path csv) {
    List<OrderRow> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",", -1);
        rows.add(
            new OrderRow(
                Long.parseLong(f[0]),
                Long.parseLong(f[1]),
                f[2],
                Integer.parseInt(f[3]),
                cents(f[4]),
                f[5],
                f[6]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static Map<String, String> readCategories(Path csv) {
    Map<String, String> categories = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",", -1);
        categories.put(f[0], f[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return categories;
  }

  static Checksum checksum(Iterable<OrderRow> rows) {
    Set<Long> ids = new HashSet<>();
    Set<Long> customers = new HashSet<>();
    Set<String> dates = new HashSet<>();
    long n = 0;
    long sumId = 0;
    long sumQ = 0;
    long sumRev = 0;
    long sumIdQ = 0;
    long sumEpoch = 0;
    long invalid = 0;
    for (OrderRow r : rows) {
      n++;
      ids.add(r.orderId());
      customers.add(r.customerId());
      dates.add(r.orderDate());
      sumId += r.orderId();
      sumQ += r.quantity();
      sumRev += r.quantity() * r.priceCents();
      sumIdQ += r.orderId() * r.quantity();
      sumEpoch += r.epochSeconds();
      invalid += r.valid() ? 0 : 1;
    }
    return new Checksum(
        n,
        ids.size(),
        sumId,
        sumQ,
        money(sumRev),
        sumIdQ,
        sumEpoch,
        customers.size(),
        invalid,
        dates.size());
  }

  static Map<List<String>, GoldValue> goldRows(
      Iterable<OrderRow> silver, Map<String, String> categories) {
    Map<List<String>, long[]> sums = new HashMap<>();
    Map<List<String>, Set<Long>> customers = new HashMap<>();
    for (OrderRow r : silver) {
      List<String> key = List.of(r.orderDate(), categories.get(r.productId()));
      long[] s = sums.computeIfAbsent(key, k -> new long[2]);
      s[0]++;
      s[1] += r.quantity() * r.priceCents();
      customers.computeIfAbsent(key, k -> new HashSet<>()).add(r.customerId());
    }
    Map<List<String>, GoldValue> gold = new HashMap<>();
    sums.forEach((k, s) -> gold.put(k, new GoldValue(s[0], s[1], customers.get(k).size())));
    return gold;
  }

  /** The sorted gold CSV the workload digests ({@code order_date,category,...}). */
  public static String goldCsv(Map<List<String>, GoldValue> gold) {
    StringBuilder csv =
        new StringBuilder("order_date,category,order_count,revenue,distinct_customers\n");
    Map<List<String>, GoldValue> sorted =
        new TreeMap<>(
            (a, b) ->
                a.get(0).equals(b.get(0))
                    ? a.get(1).compareTo(b.get(1))
                    : a.get(0).compareTo(b.get(0)));
    sorted.putAll(gold);
    sorted.forEach(
        (k, v) ->
            csv.append(k.get(0))
                .append(',')
                .append(k.get(1))
                .append(',')
                .append(v.orderCount())
                .append(',')
                .append(money(v.revenueCents()))
                .append(',')
                .append(v.distinctCustomers())
                .append('\n'));
    return csv.toString();
  }

  /** MD5 hex of a string's UTF-8 bytes. */
  public static String md5(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gold checksums of a gold table given as rows, for the backfill {@code day}. */
  public static GoldChecksum goldChecksum(Map<List<String>, GoldValue> gold, String day) {
    long sumCount = 0;
    long sumRev = 0;
    long sumDistinct = 0;
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    long dayRows = 0;
    long dayCount = 0;
    long dayRev = 0;
    long dayDistinct = 0;
    for (Map.Entry<List<String>, GoldValue> e : gold.entrySet()) {
      GoldValue v = e.getValue();
      sumCount += v.orderCount();
      sumRev += v.revenueCents();
      sumDistinct += v.distinctCustomers();
      max = Math.max(max, v.revenueCents());
      min = Math.min(min, v.revenueCents());
      if (e.getKey().get(0).equals(day)) {
        dayRows++;
        dayCount += v.orderCount();
        dayRev += v.revenueCents();
        dayDistinct += v.distinctCustomers();
      }
    }
    return new GoldChecksum(
        gold.size(),
        sumCount,
        money(sumRev),
        sumDistinct,
        gold.isEmpty() ? "0.00" : money(max),
        gold.isEmpty() ? "0.00" : money(min),
        dayRows,
        dayCount,
        money(dayRev),
        dayDistinct,
        md5(goldCsv(gold)));
  }

  /**
   * Computes the expected results in a child JVM with its own heap, so the reference (which holds
   * every order as an object) neither needs nor distorts the heap of the measured run.
   */
  public static Expected computeInChildJvm(Path dataDir, String day) {
    try {
      Path out = java.nio.file.Files.createTempFile("strata-reference", ".json");
      try {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process =
            new ProcessBuilder(
                    java,
                    "-Xmx3g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Reference.class.getName(),
                    dataDir.toString(),
                    day,
                    out.toString())
                .inheritIO()
                .start();
        if (process.waitFor() != 0) {
          throw new IllegalStateException("Reference computation failed for " + dataDir);
        }
        return new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(out.toFile(), Expected.class);
      } finally {
        java.nio.file.Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Child-JVM entry point: {@code DATA_DIR DAY OUT_JSON}. */
  public static void main(String[] args) throws IOException {
    Expected expected = compute(Path.of(args[0]), args[1]);
    new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValue(Path.of(args[2]).toFile(), expected);
  }

  /** Computes every expected result from the CSVs in {@code dataDir}. */
  public static Expected compute(Path dataDir, String day) {
    Map<String, String> categories = readCategories(dataDir.resolve("products.csv"));
    List<OrderRow> orders = readOrders(dataDir.resolve("orders.csv"));
    Map<Long, OrderRow> latest = new HashMap<>();
    for (OrderRow r : orders) {
      if (!r.valid()) {
        continue;
      }
      OrderRow current = latest.get(r.orderId());
      if (current == null || r.orderTs().compareTo(current.orderTs()) > 0) {
        latest.put(r.orderId(), r);
      }
    }
    List<OrderRow> silver0 = new ArrayList<>();
    for (OrderRow r : latest.values()) {
      if (categories.containsKey(r.productId())) {
        silver0.add(r);
      }
    }
    Map<List<String>, GoldValue> gold0 = goldRows(silver0, categories);
    Map<Long, OrderRow> merged = new LinkedHashMap<>();
    for (OrderRow r : silver0) {
      merged.put(r.orderId(), r);
    }
    for (OrderRow r : readOrders(dataDir.resolve("updates.csv"))) {
      if (r.valid() && categories.containsKey(r.productId())) {
        merged.put(r.orderId(), r);
      }
    }
    List<OrderRow> silver1 = new ArrayList<>(merged.values());
    List<OrderRow> silverDay = silver1.stream().filter(r -> r.orderDate().equals(day)).toList();
    Map<List<String>, GoldValue> gold = new HashMap<>();
    gold0.forEach(
        (k, v) -> {
          if (!k.get(0).equals(day)) {
            gold.put(k, v);
          }
        });
    gold.putAll(goldRows(silverDay, categories));
    return new Expected(
        checksum(orders),
        checksum(silver0),
        checksum(silver1),
        goldChecksum(gold0, day),
        goldChecksum(gold, day));
  }
}
