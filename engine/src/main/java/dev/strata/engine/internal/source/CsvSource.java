package dev.strata.engine.internal.source;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.expr.DateTimes;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.FileStatus;
import dev.strata.format.StrataException;
import dev.strata.format.types.DataType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.BooleanVector;
import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.ColumnVector;
import dev.strata.format.vector.DecimalVector;
import dev.strata.format.vector.DoubleVector;
import dev.strata.format.vector.FloatVector;
import dev.strata.format.vector.IntVector;
import dev.strata.format.vector.LongVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * CSV files parsed straight from bytes into typed vectors; big files are split into byte ranges
 * read by separate tasks.
 */
public final class CsvSource implements Source {
  enum Mode {
    PERMISSIVE,
    DROPMALFORMED,
    FAILFAST
  }

  private final List<String> paths;
  private final Map<String, String> options;
  private final long maxPartitionBytes;
  private final int parallelism;
  private final boolean header;
  private final byte sep;
  private final byte quote;
  private final Mode mode;
  private final byte[] nullValue;
  private final String dateFormat;
  private final String timestampFormat;
  private List<FileStatus> files;
  private StructType schema;

  public CsvSource(
      List<String> paths,
      StructType schema,
      Map<String, String> options,
      long maxPartitionBytes,
      int parallelism) {
    this.paths = paths;
    this.options = options;
    this.maxPartitionBytes = maxPartitionBytes;
    this.parallelism = parallelism;
    this.header = Boolean.parseBoolean(options.getOrDefault("header", "false"));
    String s = options.getOrDefault("sep", options.getOrDefault("delimiter", ","));
    this.sep = (byte) (s.equals("\\t") ? '\t' : s.charAt(0));
    String q = options.getOrDefault("quote", "\"");
    this.quote = q.isEmpty() ? 0 : (byte) q.charAt(0);
    this.mode = Mode.valueOf(options.getOrDefault("mode", "FAILFAST").toUpperCase(Locale.ROOT));
    this.nullValue = options.getOrDefault("nullvalue", "").getBytes(StandardCharsets.UTF_8);
    this.dateFormat = options.get("dateformat");
    this.timestampFormat = options.get("timestampformat");
    this.schema = schema;
  }

  private synchronized List<FileStatus> files() {
    if (files == null) {
      files = FileSplits.listFiles(paths);
    }
    return files;
  }

  @Override
  public synchronized StructType schema() {
    if (schema == null) {
      schema = inferHeaderSchema();
    }
    return schema;
  }

  private StructType inferHeaderSchema() {
    List<FileStatus> fs = files();
    if (fs.isEmpty()) {
      return new StructType(List.of());
    }
    FileStatus f = fs.get(0);
    FileSplits.Chunk c =
        FileSplits.readLines(new FileSplits.Split(f.path(), 0, Math.min(f.size(), 1), f.size()));
    int end = c.begin();
    while (end < c.end() && c.data()[end] != '\n') {
      end++;
    }
    int lineEnd = end > c.begin() && c.data()[end - 1] == '\r' ? end - 1 : end;
    List<String> names = new ArrayList<>();
    List<int[]> fields = tokenize(c.data(), c.begin(), lineEnd);
    for (int i = 0; i < fields.size(); i++) {
      int[] fl = fields.get(i);
      names.add(
          header ? new String(c.data(), fl[0], fl[1] - fl[0], StandardCharsets.UTF_8) : "_c" + i);
    }
    if (!Boolean.parseBoolean(options.getOrDefault("inferschema", "false"))) {
      return new StructType(
          names.stream().map(n -> StructField.of(n, PrimitiveType.STRING)).toList());
    }
    // infer from up to 1 MB of the first file: int, long, double, boolean, date, timestamp, string
    FileSplits.Chunk sample =
        FileSplits.readLines(
            new FileSplits.Split(f.path(), 0, Math.min(f.size(), 1 << 20), f.size()));
    int[] kind = new int[names.size()];
    int pos = sample.begin();
    boolean first = header;
    byte[] b = sample.data();
    while (pos < sample.end()) {
      int e = pos;
      while (e < sample.end() && b[e] != '\n') {
        e++;
      }
      int le = e > pos && b[e - 1] == '\r' ? e - 1 : e;
      if (!first && le > pos) {
        List<int[]> fl = tokenize(b, pos, le);
        for (int i = 0; i < Math.min(fl.size(), kind.length); i++) {
          String v =
              new String(b, fl.get(i)[0], fl.get(i)[1] - fl.get(i)[0], StandardCharsets.UTF_8)
                  .trim();
          if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1);
          }
          if (!v.isEmpty() && !v.equals(new String(nullValue, StandardCharsets.UTF_8))) {
            kind[i] = Math.max(kind[i], kindOf(v, kind[i]));
          }
        }
      }
      first = false;
      pos = e + 1;
    }
    List<StructField> fields2 = new ArrayList<>();
    for (int i = 0; i < kind.length; i++) {
      DataType t =
          switch (kind[i]) {
            case 1 -> PrimitiveType.INTEGER;
            case 2 -> PrimitiveType.LONG;
            case 3 -> PrimitiveType.DOUBLE;
            case 4 -> PrimitiveType.BOOLEAN;
            case 5 -> PrimitiveType.DATE;
            case 6 -> PrimitiveType.TIMESTAMP;
            default -> PrimitiveType.STRING;
          };
      fields2.add(StructField.of(names.get(i), t));
    }
    return new StructType(fields2);
  }

  /** 0 unknown, 1 int, 2 long, 3 double, 4 boolean, 5 date, 6 timestamp, 7 string. */
  private static int kindOf(String v, int current) {
    if (current == 7) {
      return 7;
    }
    int k;
    if (v.matches("[+-]?\\d{1,18}")) {
      long l = Long.parseLong(v);
      k = l == (int) l ? 1 : 2;
    } else if (v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      k = 3;
    } else if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      k = 4;
    } else if (v.length() == 10
        && DateTimes.parseIsoDate(v.getBytes(StandardCharsets.UTF_8), 0, 10) != Integer.MIN_VALUE) {
      k = 5;
    } else if (v.length() >= 16 && v.charAt(4) == '-' && DateTimes.parseTimestamp(v) != null) {
      k = 6;
    } else {
      return 7;
    }
    if (current == 0 || current == k) {
      return k;
    }
    boolean numeric = current <= 3 && k <= 3;
    if (numeric) {
      return Math.max(current, k);
    }
    if ((current == 5 && k == 6) || (current == 6 && k == 5)) {
      return 6;
    }
    return 7;
  }

  private List<int[]> tokenize(byte[] b, int from, int to) {
    List<int[]> out = new ArrayList<>();
    int p = from;
    while (true) {
      int s = p;
      while (p < to && b[p] != sep) {
        p++;
      }
      out.add(new int[] {s, p});
      if (p >= to) {
        break;
      }
      p++;
    }
    return out;
  }

  @Override
  public long estimatedBytes() {
    long total = 0;
    for (FileStatus f : files()) {
      total += f.size();
    }
    return total;
  }

  @Override
  public String describe() {
    return "csv " + String.join(", ", paths);
  }

  @Override
  public Scan plan(List<String> columns, List<Expr> filters) {
    StructType full = schema();
    int[] wanted = columns.stream().mapToInt(full::indexOf).toArray();
    StructType out = full.select(columns);
    List<FileSplits.Split> splits = FileSplits.split(files(), maxPartitionBytes, parallelism);
    return new Scan() {
      public int numPartitions() {
        return splits.size();
      }

      public Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx) {
        return new Reader(splits.get(partition), full, wanted, out, ctx);
      }

      public String details() {
        return files().size() + " file(s), " + splits.size() + " split(s)";
      }
    };
  }

  private final class Reader implements Iterator<ColumnBatch> {
    final FileSplits.Split split;
    final StructType full;
    final int[] wanted;
    final StructType out;
    final TaskContextImpl ctx;
    final DataType[] types;
    final int nFields;
    final int[] fieldOf;
    byte[] buf;
    int pos;
    int end;
    long base;
    ColumnBatch next;
    int[] starts = new int[16];
    int[] ends = new int[16];
    boolean[] quoted = new boolean[16];
    final DateTimeFormatter dateFmt;
    final DateTimeFormatter tsFmt;
    final boolean isoTs;

    Reader(
        FileSplits.Split split,
        StructType full,
        int[] wanted,
        StructType out,
        TaskContextImpl ctx) {
      this.split = split;
      this.full = full;
      this.wanted = wanted;
      this.out = out;
      this.ctx = ctx;
      this.nFields = full.size();
      this.types = new DataType[wanted.length];
      this.fieldOf = wanted;
      for (int i = 0; i < wanted.length; i++) {
        types[i] = full.field(wanted[i]).type();
      }
      dateFmt =
          dateFormat == null || dateFormat.equals("yyyy-MM-dd")
              ? null
              : DateTimes.formatter(dateFormat);
      isoTs =
          timestampFormat == null
              || timestampFormat.equals("yyyy-MM-dd'T'HH:mm:ss")
              || timestampFormat.equals("yyyy-MM-dd HH:mm:ss");
      tsFmt = isoTs ? null : DateTimes.formatter(timestampFormat);
    }

    private void load() {
      if (buf == null) {
        FileSplits.Chunk c = FileSplits.readLines(split);
        buf = c.data();
        pos = c.begin();
        end = c.end();
        base = c.base();
        ctx.metrics().inputBytes += split.end() - split.start();
        if (header && split.start() == 0) {
          skipLine();
        }
      }
    }

    private void skipLine() {
      while (pos < end && buf[pos] != '\n') {
        pos++;
      }
      pos++;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        load();
        next = readBatch();
      }
      return next != null;
    }

    @Override
    public ColumnBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ColumnBatch b = next;
      next = null;
      return b;
    }

    private ColumnBatch readBatch() {
      if (pos >= end) {
        return null;
      }
      int cap = ColumnBatch.DEFAULT_ROWS;
      ColumnVector[] cols = new ColumnVector[wanted.length];
      for (int c = 0; c < cols.length; c++) {
        cols[c] = ColumnVector.allocate(types[c], cap);
      }
      int rows = 0;
      while (rows < cap && pos < end) {
        int lineStart = pos;
        int nl = lineStart;
        while (nl < end && buf[nl] != '\n') {
          nl++;
        }
        int lineEnd = nl > lineStart && buf[nl - 1] == '\r' ? nl - 1 : nl;
        pos = nl + 1;
        if (lineEnd == lineStart) {
          continue; // blank lines are skipped, as Spark does
        }
        int n = fields(lineStart, lineEnd);
        boolean bad = n != nFields;
        if (bad && mode != Mode.PERMISSIVE) {
          malformed(lineStart, lineEnd, "expected " + nFields + " fields but found " + n);
          continue;
        }
        if (mode == Mode.DROPMALFORMED && !validate(n)) {
          continue;
        }
        for (int c = 0; c < wanted.length; c++) {
          int f = fieldOf[c];
          if (f >= n) {
            cols[c].appendNull();
            continue;
          }
          if (!parse(cols[c], types[c], starts[f], ends[f], quoted[f])) {
            if (mode == Mode.FAILFAST) {
              malformed(
                  lineStart,
                  lineEnd,
                  "cannot parse '"
                      + new String(buf, starts[f], ends[f] - starts[f], StandardCharsets.UTF_8)
                      + "' as "
                      + types[c].simpleString()
                      + " for column "
                      + full.field(f).name());
            }
            cols[c].appendNull();
          }
        }
        rows++;
      }
      if (rows == 0) {
        return pos >= end ? null : readBatch();
      }
      ctx.metrics().inputRows += rows;
      return new ColumnBatch(out, cols, rows);
    }

    private boolean validate(int n) {
      for (int c = 0; c < wanted.length; c++) {
        int f = fieldOf[c];
        if (f < n) {
          ColumnVector probe = ColumnVector.allocate(types[c], 1);
          if (!parse(probe, types[c], starts[f], ends[f], quoted[f])) {
            return false;
          }
        }
      }
      return true;
    }

    private void malformed(int lineStart, int lineEnd, String why) {
      if (mode == Mode.FAILFAST) {
        long offset = base + lineStart;
        long line = FileSplits.lineNumber(split.path(), offset);
        String text =
            new String(buf, lineStart, Math.min(lineEnd - lineStart, 200), StandardCharsets.UTF_8);
        throw new StrataException(
            "Malformed CSV record in "
                + split.path()
                + " at line "
                + line
                + ": "
                + why
                + ": ["
                + text
                + "]. Fix the file, or read with option mode=PERMISSIVE (bad fields become null) or DROPMALFORMED (bad rows are skipped).");
      }
    }

    /** Finds field boundaries of a line; returns the field count. */
    private int fields(int from, int to) {
      int f = 0;
      int p = from;
      while (true) {
        if (f == starts.length) {
          starts = java.util.Arrays.copyOf(starts, f * 2);
          ends = java.util.Arrays.copyOf(ends, f * 2);
          quoted = java.util.Arrays.copyOf(quoted, f * 2);
        }
        if (quote != 0 && p < to && buf[p] == quote) {
          int s = p + 1;
          int q = s;
          while (q < to) {
            if (buf[q] == quote) {
              if (q + 1 < to && buf[q + 1] == quote) {
                q += 2;
                continue;
              }
              break;
            }
            q++;
          }
          starts[f] = s;
          ends[f] = Math.min(q, to);
          quoted[f] = true;
          p = q + 1;
          while (p < to && buf[p] != sep) {
            p++;
          }
        } else {
          int s = p;
          while (p < to && buf[p] != sep) {
            p++;
          }
          starts[f] = s;
          ends[f] = p;
          quoted[f] = false;
        }
        f++;
        if (p >= to) {
          return f;
        }
        p++;
      }
    }

    private boolean isNullValue(int s, int e, boolean q) {
      if (q) {
        return false;
      }
      int len = e - s;
      if (len != nullValue.length) {
        return false;
      }
      for (int i = 0; i < len; i++) {
        if (buf[s + i] != nullValue[i]) {
          return false;
        }
      }
      return true;
    }

    private String text(int s, int e, boolean q) {
      String t = new String(buf, s, e - s, StandardCharsets.UTF_8);
      return q ? t.replace("\"\"", "\"") : t;
    }

    /** Parses one field into the vector; false when it does not parse (nothing appended). */
    private boolean parse(ColumnVector v, DataType t, int s, int e, boolean q) {
      if (isNullValue(s, e, q)) {
        v.appendNull();
        return true;
      }
      if (t == PrimitiveType.STRING) {
        BytesVector bv = (BytesVector) v;
        if (q) {
          boolean escaped = false;
          for (int i = s; i < e; i++) {
            if (buf[i] == quote) {
              escaped = true;
              break;
            }
          }
          if (escaped) {
            bv.appendString(text(s, e, true));
            return true;
          }
        }
        bv.appendBytes(buf, s, e - s);
        return true;
      }
      // trim spaces for non-string types
      while (s < e && buf[s] == ' ') {
        s++;
      }
      while (e > s && buf[e - 1] == ' ') {
        e--;
      }
      if (s == e) {
        v.appendNull();
        return true;
      }
      if (t == PrimitiveType.LONG
          || t == PrimitiveType.INTEGER
          || t == PrimitiveType.SHORT
          || t == PrimitiveType.BYTE) {
        long r = 0;
        int i = s;
        boolean neg = false;
        if (buf[i] == '-' || buf[i] == '+') {
          neg = buf[i] == '-';
          i++;
        }
        if (i == e || e - i > 19) {
          return false;
        }
        for (; i < e; i++) {
          int d = buf[i] - '0';
          if (d < 0 || d > 9) {
            return false;
          }
          r = r * 10 + d;
          if (r < 0) {
            return false;
          }
        }
        r = neg ? -r : r;
        if (t == PrimitiveType.LONG) {
          ((LongVector) v).appendLong(r);
          return true;
        }
        long lo =
            t == PrimitiveType.INTEGER
                ? Integer.MIN_VALUE
                : t == PrimitiveType.SHORT ? Short.MIN_VALUE : Byte.MIN_VALUE;
        long hi =
            t == PrimitiveType.INTEGER
                ? Integer.MAX_VALUE
                : t == PrimitiveType.SHORT ? Short.MAX_VALUE : Byte.MAX_VALUE;
        if (r < lo || r > hi) {
          return false;
        }
        ((IntVector) v).appendInt((int) r);
        return true;
      }
      if (t instanceof DecimalType dt) {
        DecimalVector dv = (DecimalVector) v;
        if (dt.fitsLong()) {
          long r = 0;
          int i = s;
          boolean neg = false;
          if (buf[i] == '-' || buf[i] == '+') {
            neg = buf[i] == '-';
            i++;
          }
          int intDigits = 0, frac = -1, digits = 0;
          boolean ok = i < e;
          for (; i < e; i++) {
            byte c = buf[i];
            if (c == '.' && frac < 0) {
              frac = 0;
              continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9) {
              ok = false;
              break;
            }
            if (frac >= 0) {
              if (frac >= dt.scale()) {
                ok = false; // more fractional digits than the scale: round on the slow path
                break;
              }
              frac++;
            } else {
              intDigits++;
            }
            r = r * 10 + d;
            digits++;
          }
          if (ok && digits > 0 && intDigits <= dt.precision() - dt.scale()) {
            int f = frac < 0 ? 0 : frac;
            for (int k = f; k < dt.scale(); k++) {
              r *= 10;
            }
            dv.appendUnscaledLong(neg ? -r : r);
            return true;
          }
        }
        try {
          BigDecimal d = new BigDecimal(text(s, e, q)).setScale(dt.scale(), RoundingMode.HALF_UP);
          if (d.precision() - d.scale() > dt.precision() - dt.scale()) {
            return false;
          }
          dv.appendDecimal(d);
          return true;
        } catch (NumberFormatException ex) {
          return false;
        }
      }
      if (t == PrimitiveType.DATE) {
        int d = dateFmt == null ? DateTimes.parseIsoDate(buf, s, e - s) : Integer.MIN_VALUE;
        if (d == Integer.MIN_VALUE) {
          Integer slow =
              dateFmt == null
                  ? DateTimes.parseDate(text(s, e, q))
                  : DateTimes.parseDate(text(s, e, q), dateFmt);
          if (slow == null) {
            return false;
          }
          d = slow;
        }
        ((IntVector) v).appendInt(d);
        return true;
      }
      if (t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ) {
        long m = isoTs ? DateTimes.parseIsoTimestamp(buf, s, e - s) : Long.MIN_VALUE;
        if (m == Long.MIN_VALUE) {
          Long slow =
              tsFmt == null
                  ? DateTimes.parseTimestamp(text(s, e, q))
                  : DateTimes.parseTimestamp(text(s, e, q), tsFmt);
          if (slow == null) {
            return false;
          }
          m = slow;
        }
        ((LongVector) v).appendLong(m);
        return true;
      }
      if (t == PrimitiveType.DOUBLE || t == PrimitiveType.FLOAT) {
        double d;
        try {
          d = Double.parseDouble(text(s, e, q));
        } catch (NumberFormatException ex) {
          String l = text(s, e, q).toLowerCase(Locale.ROOT);
          if (l.equals("nan")) {
            d = Double.NaN;
          } else if (l.equals("inf") || l.equals("infinity")) {
            d = Double.POSITIVE_INFINITY;
          } else if (l.equals("-inf") || l.equals("-infinity")) {
            d = Double.NEGATIVE_INFINITY;
          } else {
            return false;
          }
        }
        if (t == PrimitiveType.DOUBLE) {
          ((DoubleVector) v).appendDouble(d);
        } else {
          ((FloatVector) v).appendFloat((float) d);
        }
        return true;
      }
      if (t == PrimitiveType.BOOLEAN) {
        String x = text(s, e, q).toLowerCase(Locale.ROOT);
        if (x.equals("true")) {
          ((BooleanVector) v).appendBoolean(true);
          return true;
        }
        if (x.equals("false")) {
          ((BooleanVector) v).appendBoolean(false);
          return true;
        }
        return false;
      }
      if (t == PrimitiveType.BINARY) {
        ((BytesVector) v).appendBytes(buf, s, e - s);
        return true;
      }
      throw new StrataException("CSV cannot hold columns of type " + t.simpleString());
    }
  }
}
