package dev.strata.maintenance.internal;

import dev.strata.log.AddFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decides which files OPTIMIZE rewrites together. Bin-packing: per partition, the files smaller
 * than the target size, smallest first, packed greedily into bins of at most the target size; a bin
 * of fewer than {@code minInputFiles} files is left alone (rewriting one file gains nothing), so a
 * second run over an optimized table plans nothing. Z-order: per partition, every file, unless all
 * of them already carry the Z-order tag for the same columns.
 */
public final class BinPlanner {
  /** The {@code add.tags} key naming the columns a file was Z-ordered by. */
  public static final String ZORDER_TAG = "strata.zorderBy";

  private BinPlanner() {}

  /**
   * Files to rewrite together into one partition.
   *
   * @param partitionValues the partition of every file in the bin
   * @param files the input files
   */
  public record Bin(Map<String, String> partitionValues, List<AddFile> files) {
    public long bytes() {
      long total = 0;
      for (AddFile f : files) {
        total += f.size();
      }
      return total;
    }
  }

  /** Groups files by partition, partitions in a stable order. */
  public static Map<Map<String, String>, List<AddFile>> byPartition(List<AddFile> files) {
    Map<String, Map<String, String>> keys = new TreeMap<>();
    Map<String, List<AddFile>> groups = new TreeMap<>();
    for (AddFile file : files) {
      Map<String, String> values = file.partitionValues();
      String key = String.valueOf(new TreeMap<>(nullSafe(values)));
      keys.putIfAbsent(key, values);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
    }
    Map<Map<String, String>, List<AddFile>> result = new LinkedHashMap<>();
    for (var entry : groups.entrySet()) {
      result.put(keys.get(entry.getKey()), entry.getValue());
    }
    return result;
  }

  private static Map<String, String> nullSafe(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((k, v) -> copy.put(k, v == null ? "\u0000null" : v));
    }
    return copy;
  }

  /** Bin-packing plan. */
  public static List<Bin> binPack(List<AddFile> files, long targetFileSize, int minInputFiles) {
    return binPack(files, targetFileSize, minInputFiles, false, 0.05);
  }

  /**
   * Bin-packing plan: small files, and files with a deletion vector that deletes more than {@code
   * maxDeletedRowsRatio} of their rows (every file with a vector when {@code purge}).
   */
  public static List<Bin> binPack(
      List<AddFile> files,
      long targetFileSize,
      int minInputFiles,
      boolean purge,
      double maxDeletedRowsRatio) {
    int minFiles = Math.max(2, minInputFiles);
    List<Bin> bins = new ArrayList<>();
    for (var partition : byPartition(files).entrySet()) {
      List<AddFile> candidates = new ArrayList<>();
      for (AddFile file : partition.getValue()) {
        if (file.size() < targetFileSize
            || (file.deletionVector() != null
                && (purge || deletedRatio(file) > maxDeletedRowsRatio))) {
          candidates.add(file);
        }
      }
      candidates.sort(Comparator.comparingLong(AddFile::size).thenComparing(AddFile::path));
      List<AddFile> current = new ArrayList<>();
      long currentBytes = 0;
      for (AddFile file : candidates) {
        if (!current.isEmpty() && currentBytes + file.size() > targetFileSize) {
          addIfWorthIt(bins, partition.getKey(), current, minFiles);
          current = new ArrayList<>();
          currentBytes = 0;
        }
        current.add(file);
        currentBytes += file.size();
      }
      addIfWorthIt(bins, partition.getKey(), current, minFiles);
    }
    return bins;
  }

  private static double deletedRatio(AddFile file) {
    var rows = file.numRecords();
    if (rows.isEmpty() || rows.getAsLong() == 0) {
      return 1.0; // unknown: rewriting is always correct
    }
    return (double) file.deletionVector().cardinality() / rows.getAsLong();
  }

  private static void addIfWorthIt(
      List<Bin> bins, Map<String, String> partition, List<AddFile> files, int minFiles) {
    boolean hasDeletes = files.stream().anyMatch(f -> f.deletionVector() != null);
    if (files.size() >= minFiles || (!files.isEmpty() && hasDeletes)) {
      bins.add(new Bin(partition, List.copyOf(files)));
    }
  }

  /**
   * Z-order plan: whole partitions (split into bins of at most {@code maxBinBytes} of input),
   * skipping partitions already Z-ordered by the same columns.
   */
  public static List<Bin> zOrder(List<AddFile> files, String zOrderColumns, long maxBinBytes) {
    List<Bin> bins = new ArrayList<>();
    for (var partition : byPartition(files).entrySet()) {
      List<AddFile> all = partition.getValue();
      boolean done =
          all.stream()
              .allMatch(
                  f ->
                      f.deletionVector() == null
                          && f.tags() != null
                          && Objects.equals(f.tags().get(ZORDER_TAG), zOrderColumns));
      if (done || all.isEmpty()) {
        continue;
      }
      List<AddFile> sorted = new ArrayList<>(all);
      sorted.sort(Comparator.comparing(AddFile::path));
      List<AddFile> current = new ArrayList<>();
      long bytes = 0;
      for (AddFile file : sorted) {
        if (!current.isEmpty() && bytes + file.size() > maxBinBytes) {
          bins.add(new Bin(partition.getKey(), List.copyOf(current)));
          current = new ArrayList<>();
          bytes = 0;
        }
        current.add(file);
        bytes += file.size();
      }
      if (!current.isEmpty()) {
        bins.add(new Bin(partition.getKey(), List.copyOf(current)));
      }
    }
    return bins;
  }
}
