package dev.strata.examples;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's input generator: a Java port of {@code shared/bench/gen_orders.py} that writes
 * byte-identical {@code orders.csv}, {@code products.csv} and {@code updates.csv} for the same seed
 * and row count (see WORKLOAD.md for the rules and the md5s).
 *
 * <p>Every random draw happens in the same order and through the same algorithm as the Python
 * script ({@link PyRandom}), which is what makes the files identical; reordering any draw changes
 * every row after it.
 *
 * <pre>{@code
 * OrdersGenerator.Stats s = OrdersGenerator.generate(Path.of("data"), 200_000, 42);
 * }</pre>
 */
public final class OrdersGenerator {
  /** Default seed of the workload. */
  public static final long DEFAULT_SEED = 42;

  /** Header line of orders.csv and updates.csv. */
  public static final String ORDERS_HEADER =
      "order_id,customer_id,product_id,quantity,price,order_ts,order_date,status,comment";

  private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  private static final int N_PRODUCTS = 1000;
  private static final int N_CATEGORIES = 20;
  private static final int N_DAYS = 30;
  private static final int DAY_SECONDS = 86400;
  private static final int BASE_MAX_SECOND = 79200;
  private static final int RESEND_MAX_DELAY = 600;
  private static final int FLUSH_ROWS = 100_000;

  private static final String[] WORDS =
      ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
              + "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee "
              + "zulu red green blue amber black white grey pink gold silver copper iron steel "
              + "stone wood glass paper cloth box crate pallet parcel letter gift fast slow early "
              + "late urgent normal fragile heavy light small large tiny huge north south east "
              + "west left right front back top bottom inner outer gate door dock bay yard shelf "
              + "aisle bin rack lane road street avenue city town village farm market shop store "
              + "mall depot hub port station airport truck van bike drone ship train plane cart "
              + "call email note check verify confirm hold release pack wrap label scan sort load "
              + "ship deliver return refund replace repair clean count weigh measure print sign "
              + "please thanks asap today tomorrow monday tuesday wednesday thursday friday "
              + "saturday sunday morning evening night noon daily weekly again extra spare backup "
              + "promo coupon member vip new repeat bulk sample trial demo")
          .split(" ");

  /** What one generation produced; the same numbers the Python script prints. */
  public record Stats(
      long rows, long uniqueIds, long resends, long invalid, long updates, long newInUpdates) {}

  private OrdersGenerator() {}

  /** The 30 order dates, {@code 2024-01-01} to {@code 2024-01-30}. */
  public static List<String> dates() {
    List<String> out = new ArrayList<>(N_DAYS);
    for (int d = 0; d < N_DAYS; d++) {
      out.add("2024-01-" + pad2(d + 1));
    }
    return out;
  }

  /**
   * Writes the three CSV files into {@code outDir} (created if missing).
   *
   * @param rows number of data rows of orders.csv
   * @param seed the seed ({@link #DEFAULT_SEED} for the workload)
   */
  public static Stats generate(Path outDir, int rows, long seed) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    try {
      Files.createDirectories(outDir);
      return new OrdersGenerator.Run(rows, seed).write(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate the orders data set in " + outDir, e);
    }
  }

  /** The mutable state of one generation, mirroring the script's locals. */
  private static final class Run {
    private final int n;
    private final PyRandom rng;
    private final String[] dates = OrdersGenerator.dates().toArray(new String[0]);
    private final int nCustomers;
    private final String[] productIds = new String[N_PRODUCTS];
    // canonical per-order state, index = order_id (index 0 unused)
    private int[] cCust;
    private int[] cProd;
    private int[] cPrice;
    private int[] cDay;
    private int[] cMaxTs;
    private int size = 1;

    Run(int n, long seed) {
      this.n = n;
      this.rng = new PyRandom(seed);
      this.nCustomers = Math.max(1000, n / 10);
      for (int p = 0; p < N_PRODUCTS; p++) {
        productIds[p] = "P" + pad4(p + 1);
      }
      int cap = Math.max(16, n + 1);
      cCust = new int[cap];
      cProd = new int[cap];
      cPrice = new int[cap];
      cDay = new int[cap];
      cMaxTs = new int[cap];
    }

    Stats write(Path out) throws IOException {
      writeProducts(out.resolve("products.csv"));

      long nDups = 0;
      long nInvalid = 0;
      int nextId = 1;
      try (OutputStream os = open(out.resolve("orders.csv"))) {
        StringBuilder buf = new StringBuilder(1 << 20);
        buf.append(ORDERS_HEADER).append('\n');
        int pending = 0;
        for (int r = 0; r < n; r++) {
          int oid = 0;
          int ts = 0;
          if (nextId > 1 && rng.random() < 0.005) {
            int cand = (int) rng.randint(1, nextId - 1);
            ts = cMaxTs[cand] + (int) rng.randint(1, RESEND_MAX_DELAY);
            if (ts / DAY_SECONDS == cDay[cand]) {
              oid = cand;
              cMaxTs[oid] = ts;
              nDups++;
            }
          }
          if (oid == 0) {
            oid = nextId++;
            int day = (int) rng.randint(0, N_DAYS - 1);
            ts = day * DAY_SECONDS + (int) rng.randint(0, BASE_MAX_SECOND - 1);
            append(
                (int) rng.randint(1, nCustomers),
                (int) rng.randint(0, N_PRODUCTS - 1),
                (int) rng.randint(100, 50000),
                day,
                ts);
          }
          int qty = (int) rng.randint(1, 10);
          String prod = productIds[cProd[oid]];
          if (rng.random() < 0.005) {
            nInvalid++;
            if (rng.random() < 0.5) {
              qty = -qty;
            } else {
              prod = "";
            }
          }
          String status = STATUSES[(int) rng.randint(0, 4)];
          row(buf, oid, cCust[oid], prod, qty, cPrice[oid], ts, cDay[oid], status, "", 5);
          if (++pending >= FLUSH_ROWS) {
            flush(buf, os);
            pending = 0;
          }
        }
        flush(buf, os);
      }

      int nUnique = nextId - 1;
      int nUpd = (int) Math.rint(nUnique * 0.01);
      int nNew = (int) Math.rint(nUnique * 0.002);
      List<String> rows = new ArrayList<>(nUpd + nNew);
      StringBuilder sb = new StringBuilder(128);
      for (long id : rng.sampleRange(1, nUnique, nUpd)) {
        int oid = (int) id;
        int day = cDay[oid];
        int ts =
            Math.min(
                cMaxTs[oid] + (int) rng.randint(1, RESEND_MAX_DELAY), (day + 1) * DAY_SECONDS - 1);
        int qty = (int) rng.randint(1, 20);
        String status = STATUSES[(int) rng.randint(0, 4)];
        sb.setLength(0);
        row(
            sb,
            oid,
            cCust[oid],
            productIds[cProd[oid]],
            qty,
            cPrice[oid],
            ts,
            day,
            status,
            "upd ",
            4);
        rows.add(sb.toString());
      }
      for (int k = 0; k < nNew; k++) {
        int oid = nUnique + 1 + k;
        int day = (int) rng.randint(0, N_DAYS - 1);
        int ts = day * DAY_SECONDS + (int) rng.randint(0, BASE_MAX_SECOND - 1);
        int cust = (int) rng.randint(1, nCustomers);
        String prod = productIds[(int) rng.randint(0, N_PRODUCTS - 1)];
        int qty = (int) rng.randint(1, 10);
        int price = (int) rng.randint(100, 50000);
        String status = STATUSES[(int) rng.randint(0, 4)];
        sb.setLength(0);
        row(sb, oid, cust, prod, qty, price, ts, day, status, "new ", 4);
        rows.add(sb.toString());
      }
      rng.shuffle(rows);
      try (OutputStream os = open(out.resolve("updates.csv"))) {
        StringBuilder all = new StringBuilder(rows.size() * 100 + 100);
        all.append(ORDERS_HEADER).append('\n');
        rows.forEach(all::append);
        flush(all, os);
      }
      return new Stats(n, nUnique, nDups, nInvalid, nUpd, nNew);
    }

    private void writeProducts(Path file) throws IOException {
      List<String> words = Arrays.asList(WORDS);
      StringBuilder sb = new StringBuilder(64 * 1024);
      sb.append("product_id,category,name\n");
      for (String pid : productIds) {
        String cat = "cat_" + pad2((int) rng.randrange(N_CATEGORIES));
        String w1 = rng.choice(words);
        String w2 = rng.choice(words);
        sb.append(pid).append(',').append(cat).append(',');
        sb.append(w1).append(' ').append(w2).append(' ').append(pid.toLowerCase()).append('\n');
      }
      try (OutputStream os = open(file)) {
        flush(sb, os);
      }
    }

    private void append(int cust, int prod, int price, int day, int ts) {
      if (size == cCust.length) {
        int cap = size * 2;
        cCust = Arrays.copyOf(cCust, cap);
        cProd = Arrays.copyOf(cProd, cap);
        cPrice = Arrays.copyOf(cPrice, cap);
        cDay = Arrays.copyOf(cDay, cap);
        cMaxTs = Arrays.copyOf(cMaxTs, cap);
      }
      cCust[size] = cust;
      cProd[size] = prod;
      cPrice[size] = price;
      cDay[size] = day;
      cMaxTs[size] = ts;
      size++;
    }

    /** One CSV row; the comment's words are drawn here, after the status, as in the script. */
    private void row(
        StringBuilder sb,
        int oid,
        int cust,
        String prod,
        int qty,
        int cents,
        int ts,
        int day,
        String status,
        String commentPrefix,
        int words) {
      sb.append(oid).append(',').append(cust).append(',').append(prod).append(',').append(qty);
      sb.append(',').append(cents / 100).append('.');
      appendPad2(sb, cents % 100);
      sb.append(',');
      appendTs(sb, ts);
      sb.append(',').append(dates[day]).append(',').append(status).append(',');
      sb.append(commentPrefix);
      double nWords = WORDS.length;
      for (int i = 0; i < words; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(WORDS[(int) Math.floor(rng.random() * nWords)]);
      }
      sb.append('\n');
    }

    private void appendTs(StringBuilder sb, int sec) {
      int day = sec / DAY_SECONDS;
      int rem = sec % DAY_SECONDS;
      sb.append(dates[day]).append('T');
      appendPad2(sb, rem / 3600);
      sb.append(':');
      appendPad2(sb, (rem % 3600) / 60);
      sb.append(':');
      appendPad2(sb, rem % 60);
    }
  }

  private static OutputStream open(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
  }

  private static void flush(StringBuilder sb, OutputStream os) throws IOException {
    os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    sb.setLength(0);
  }

  private static void appendPad2(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    sb.append(v);
  }

  private static String pad2(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private static String pad4(int v) {
    String s = Integer.toString(v);
    return "0".repeat(Math.max(0, 4 - s.length())) + s;
  }

  /**
   * Command line: {@code --rows N --out DIR [--seed 42]}, like the Python script; prints the same
   * summary line.
   */
  public static void main(String[] args) {
    Integer rows = null;
    Path out = null;
    long seed = DEFAULT_SEED;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (rows == null || out == null) {
      System.err.println("usage: OrdersGenerator --rows N --out DIR [--seed 42]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    Stats s = generate(out, rows, seed);
    System.out.printf(
        "rows=%d unique_ids=%d resends=%d invalid=%d updates=%d new_in_updates=%d seconds=%.1f%n",
        s.rows(),
        s.uniqueIds(),
        s.resends(),
        s.invalid(),
        s.updates(),
        s.newInUpdates(),
        (System.nanoTime() - t0) / 1e9);
  }
}
