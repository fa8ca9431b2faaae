package dev.strata.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Layered (Sugiyama-style) layout of a directed graph: break cycles, assign layers by longest path,
 * insert dummy nodes on long edges, reduce crossings with barycenter sweeps, then place nodes
 * within layers by least-squares alignment with their neighbours under minimum-gap constraints.
 *
 * <p>Every step iterates in node-index order with stable sorts, so a graph lays out the same way on
 * every run and the report is reproducible.
 */
final class LayeredLayout {
  /** Which way edges point. */
  enum Direction {
    /** Layers are rows; edges point down (stage graphs). */
    TOP_DOWN,
    /** Layers are columns; edges point right (pipeline graphs). */
    LEFT_RIGHT
  }

  record Size(double width, double height) {}

  record Point(double x, double y) {}

  /** A node's placed box, top-left corner plus size. */
  record Box(double x, double y, double width, double height) {
    double centerX() {
      return x + width / 2;
    }

    double centerY() {
      return y + height / 2;
    }

    boolean overlaps(Box o) {
      return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
    }
  }

  /** An edge's route from its source box to its target box, bending at dummy nodes. */
  record Route(int from, int to, List<Point> points) {}

  record Result(List<Box> boxes, List<Route> routes, int[] layers, double width, double height) {}

  private static final int SWEEPS = 8;
  private static final int PLACEMENT_PASSES = 6;

  private final Direction direction;
  private final double nodeGap;
  private final double layerGap;
  private final double margin;

  LayeredLayout(Direction direction, double nodeGap, double layerGap, double margin) {
    this.direction = direction;
    this.nodeGap = nodeGap;
    this.layerGap = layerGap;
    this.margin = margin;
  }

  /**
   * Lays out nodes {@code 0..sizes.size()-1}; each edge is {@code {from, to}}. Self-loops and
   * duplicate edges are dropped from the layout (a route is still returned for each distinct
   * non-loop edge).
   */
  Result layout(List<Size> sizes, List<int[]> edges) {
    int n = sizes.size();
    List<int[]> distinct = distinctEdges(n, edges);
    boolean[] reversed = reversedByDfs(n, distinct);
    int[][] forward = new int[distinct.size()][];
    for (int i = 0; i < distinct.size(); i++) {
      int[] e = distinct.get(i);
      forward[i] = reversed[i] ? new int[] {e[1], e[0]} : e;
    }
    int[] layer = assignLayers(n, forward);

    // Graph with dummies: every edge spans exactly one layer.
    List<Integer> nodeLayer = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      nodeLayer.add(layer[v]);
    }
    List<List<Integer>> succ = new ArrayList<>();
    List<List<Integer>> pred = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      succ.add(new ArrayList<>());
      pred.add(new ArrayList<>());
    }
    List<int[]> chains = new ArrayList<>();
    for (int[] e : forward) {
      int span = layer[e[1]] - layer[e[0]];
      int[] chain = new int[span + 1];
      chain[0] = e[0];
      chain[span] = e[1];
      for (int k = 1; k < span; k++) {
        int d = nodeLayer.size();
        nodeLayer.add(layer[e[0]] + k);
        succ.add(new ArrayList<>());
        pred.add(new ArrayList<>());
        chain[k] = d;
      }
      for (int k = 0; k < span; k++) {
        succ.get(chain[k]).add(chain[k + 1]);
        pred.get(chain[k + 1]).add(chain[k]);
      }
      chains.add(chain);
    }
    int total = nodeLayer.size();
    int layerCount = 0;
    for (int l : nodeLayer) {
      layerCount = Math.max(layerCount, l + 1);
    }
    List<List<Integer>> layers = new ArrayList<>();
    for (int l = 0; l < layerCount; l++) {
      layers.add(new ArrayList<>());
    }
    for (int v = 0; v < total; v++) {
      layers.get(nodeLayer.get(v)).add(v);
    }

    double[] pos = new double[total];
    orderLayers(layers, succ, pred, pos);

    double[] thickness = new double[total];
    double[] length = new double[total];
    for (int v = 0; v < total; v++) {
      if (v < n) {
        Size s = sizes.get(v);
        thickness[v] = direction == Direction.TOP_DOWN ? s.width() : s.height();
        length[v] = direction == Direction.TOP_DOWN ? s.height() : s.width();
      }
    }
    double[] center = placeWithinLayers(layers, succ, pred, thickness);

    double[] layerStart = new double[layerCount];
    double[] layerLength = new double[layerCount];
    for (int v = 0; v < total; v++) {
      int l = nodeLayer.get(v);
      layerLength[l] = Math.max(layerLength[l], length[v]);
    }
    double acc = margin;
    for (int l = 0; l < layerCount; l++) {
      layerStart[l] = acc;
      acc += layerLength[l] + layerGap;
    }
    double extentAlongLayers = layerCount == 0 ? 2 * margin : acc - layerGap + margin;

    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int v = 0; v < total; v++) {
      min = Math.min(min, center[v] - thickness[v] / 2);
      max = Math.max(max, center[v] + thickness[v] / 2);
    }
    double shift = total == 0 ? 0 : margin - min;
    double extentAcross = total == 0 ? 2 * margin : max - min + 2 * margin;

    List<Box> boxes = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      int l = nodeLayer.get(v);
      // Centre a short node in its layer's band so edges meet it cleanly.
      double along = layerStart[l] + (layerLength[l] - length[v]) / 2;
      double across = center[v] + shift - thickness[v] / 2;
      boxes.add(
          direction == Direction.TOP_DOWN
              ? new Box(across, along, thickness[v], length[v])
              : new Box(along, across, length[v], thickness[v]));
    }

    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < chains.size(); i++) {
      int[] chain = chains.get(i);
      List<Point> pts = new ArrayList<>();
      Box from = boxes.get(chain[0]);
      Box to = boxes.get(chain[chain.length - 1]);
      pts.add(exitPoint(from));
      for (int k = 1; k < chain.length - 1; k++) {
        int d = chain[k];
        int l = nodeLayer.get(d);
        double c = center[d] + shift;
        // A dummy occupies its whole layer band: enter and leave it straight.
        pts.add(point(c, layerStart[l]));
        pts.add(point(c, layerStart[l] + layerLength[l]));
      }
      pts.add(entryPoint(to));
      int[] e = distinct.get(i);
      if (reversed[i]) {
        java.util.Collections.reverse(pts);
      }
      routes.add(new Route(e[0], e[1], List.copyOf(pts)));
    }
    int[] realLayers = Arrays.copyOf(layer, n);
    return direction == Direction.TOP_DOWN
        ? new Result(boxes, routes, realLayers, extentAcross, extentAlongLayers)
        : new Result(boxes, routes, realLayers, extentAlongLayers, extentAcross);
  }

  private Point point(double across, double along) {
    return direction == Direction.TOP_DOWN ? new Point(across, along) : new Point(along, across);
  }

  private Point exitPoint(Box b) {
    return direction == Direction.TOP_DOWN
        ? new Point(b.centerX(), b.y() + b.height())
        : new Point(b.x() + b.width(), b.centerY());
  }

  private Point entryPoint(Box b) {
    return direction == Direction.TOP_DOWN
        ? new Point(b.centerX(), b.y())
        : new Point(b.x(), b.centerY());
  }

  private static List<int[]> distinctEdges(int n, List<int[]> edges) {
    List<int[]> out = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int[] e : edges) {
      if (e[0] < 0 || e[0] >= n || e[1] < 0 || e[1] >= n) {
        throw new IllegalArgumentException("Edge " + e[0] + "->" + e[1] + " names no node");
      }
      if (e[0] != e[1] && seen.add((long) e[0] * n + e[1])) {
        out.add(new int[] {e[0], e[1]});
      }
    }
    return out;
  }

  // Cycles should not occur (pipelines and stage graphs are DAGs) but a corrupt log must still
  // render: reverse every edge that closes a cycle in a DFS from the lowest-numbered nodes.
  private static boolean[] reversedByDfs(int n, List<int[]> edges) {
    List<List<Integer>> out = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < edges.size(); i++) {
      out.get(edges.get(i)[0]).add(i);
    }
    boolean[] reversed = new boolean[edges.size()];
    int[] state = new int[n]; // 0 new, 1 on stack, 2 done
    for (int root = 0; root < n; root++) {
      if (state[root] != 0) {
        continue;
      }
      Deque<int[]> stack = new ArrayDeque<>(); // {node, next edge index}
      stack.push(new int[] {root, 0});
      state[root] = 1;
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        List<Integer> es = out.get(top[0]);
        if (top[1] < es.size()) {
          int ei = es.get(top[1]++);
          int w = edges.get(ei)[1];
          if (state[w] == 1) {
            reversed[ei] = true;
          } else if (state[w] == 0) {
            state[w] = 1;
            stack.push(new int[] {w, 0});
          }
        } else {
          state[top[0]] = 2;
          stack.pop();
        }
      }
    }
    return reversed;
  }

  private static int[] assignLayers(int n, int[][] edges) {
    List<List<Integer>> succ = new ArrayList<>();
    List<List<Integer>> pred = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      succ.add(new ArrayList<>());
      pred.add(new ArrayList<>());
    }
    int[] indegree = new int[n];
    for (int[] e : edges) {
      succ.get(e[0]).add(e[1]);
      pred.get(e[1]).add(e[0]);
      indegree[e[1]]++;
    }
    int[] layer = new int[n];
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
    for (int v = 0; v < n; v++) {
      if (indegree[v] == 0) {
        ready.add(v);
      }
    }
    List<Integer> topo = new ArrayList<>();
    while (!ready.isEmpty()) {
      int v = ready.poll();
      topo.add(v);
      for (int w : succ.get(v)) {
        layer[w] = Math.max(layer[w], layer[v] + 1);
        if (--indegree[w] == 0) {
          ready.add(w);
        }
      }
    }
    // Longest path puts every source on the top layer; a source that feeds only deep nodes (a
    // dimension table scanned for a late join) reads better just above its first consumer.
    for (int i = topo.size() - 1; i >= 0; i--) {
      int v = topo.get(i);
      if (pred.get(v).isEmpty() && !succ.get(v).isEmpty()) {
        int min = Integer.MAX_VALUE;
        for (int w : succ.get(v)) {
          min = Math.min(min, layer[w]);
        }
        layer[v] = min - 1;
      }
    }
    return layer;
  }

  private static void orderLayers(
      List<List<Integer>> layers,
      List<List<Integer>> succ,
      List<List<Integer>> pred,
      double[] pos) {
    for (List<Integer> layer : layers) {
      for (int i = 0; i < layer.size(); i++) {
        pos[layer.get(i)] = i;
      }
    }
    // First down sweep from index order gives the starting point; then alternate sweeps and keep
    // the best ordering seen, since barycenter sweeps can oscillate.
    sweep(layers, pred, pos, true);
    List<List<Integer>> best = copy(layers);
    long bestCrossings = crossings(layers, succ, pos);
    for (int s = 0; s < SWEEPS && bestCrossings > 0; s++) {
      sweep(layers, succ, pos, false);
      sweep(layers, pred, pos, true);
      long c = crossings(layers, succ, pos);
      if (c < bestCrossings) {
        bestCrossings = c;
        best = copy(layers);
      }
    }
    for (int l = 0; l < layers.size(); l++) {
      layers.set(l, best.get(l));
      List<Integer> layer = layers.get(l);
      for (int i = 0; i < layer.size(); i++) {
        pos[layer.get(i)] = i;
      }
    }
  }

  private static List<List<Integer>> copy(List<List<Integer>> layers) {
    List<List<Integer>> c = new ArrayList<>();
    for (List<Integer> l : layers) {
      c.add(new ArrayList<>(l));
    }
    return c;
  }

  private static void sweep(
      List<List<Integer>> layers, List<List<Integer>> neighbours, double[] pos, boolean down) {
    int count = layers.size();
    for (int step = 1; step < count; step++) {
      int l = down ? step : count - 1 - step;
      List<Integer> layer = layers.get(l);
      double[] key = new double[layer.size()];
      for (int i = 0; i < layer.size(); i++) {
        List<Integer> nb = neighbours.get(layer.get(i));
        if (nb.isEmpty()) {
          key[i] = i; // no anchor: keep its place
        } else {
          double sum = 0;
          for (int w : nb) {
            sum += pos[w];
          }
          key[i] = sum / nb.size();
        }
      }
      Integer[] idx = new Integer[layer.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> key[i]).thenComparingInt(i -> i));
      List<Integer> sorted = new ArrayList<>();
      for (int i : idx) {
        sorted.add(layer.get(i));
      }
      layers.set(l, sorted);
      for (int i = 0; i < sorted.size(); i++) {
        pos[sorted.get(i)] = i;
      }
    }
  }

  /** Number of edge crossings between consecutive layers, for the given positions. */
  static long crossings(List<List<Integer>> layers, List<List<Integer>> succ, double[] pos) {
    long total = 0;
    for (int l = 0; l + 1 < layers.size(); l++) {
      List<double[]> es = new ArrayList<>();
      for (int v : layers.get(l)) {
        for (int w : succ.get(v)) {
          es.add(new double[] {pos[v], pos[w]});
        }
      }
      for (int i = 0; i < es.size(); i++) {
        for (int j = i + 1; j < es.size(); j++) {
          double[] a = es.get(i);
          double[] b = es.get(j);
          if ((a[0] - b[0]) * (a[1] - b[1]) < 0) {
            total++;
          }
        }
      }
    }
    return total;
  }

  private double[] placeWithinLayers(
      List<List<Integer>> layers,
      List<List<Integer>> succ,
      List<List<Integer>> pred,
      double[] thickness) {
    double[] center = new double[thickness.length];
    for (List<Integer> layer : layers) {
      double acc = 0;
      for (int v : layer) {
        center[v] = acc + thickness[v] / 2;
        acc += thickness[v] + nodeGap;
      }
    }
    for (int p = 0; p < PLACEMENT_PASSES; p++) {
      boolean down = p % 2 == 0;
      for (int step = 0; step < layers.size(); step++) {
        int l = down ? step : layers.size() - 1 - step;
        place(layers.get(l), down ? pred : succ, center, thickness);
      }
    }
    return center;
  }

  // Moves a layer's nodes as close as possible (least squares) to the mean of their neighbours'
  // centres while keeping their order and the minimum gap: pool-adjacent-violators on the
  // gap-adjusted targets.
  private void place(
      List<Integer> layer, List<List<Integer>> neighbours, double[] center, double[] thickness) {
    int k = layer.size();
    if (k == 0) {
      return;
    }
    double[] offset = new double[k];
    for (int i = 1; i < k; i++) {
      offset[i] =
          offset[i - 1] + (thickness[layer.get(i - 1)] + thickness[layer.get(i)]) / 2 + nodeGap;
    }
    double[] target = new double[k];
    for (int i = 0; i < k; i++) {
      int v = layer.get(i);
      List<Integer> nb = neighbours.get(v);
      double t = center[v];
      if (!nb.isEmpty()) {
        double sum = 0;
        for (int w : nb) {
          sum += center[w];
        }
        t = sum / nb.size();
      }
      target[i] = t - offset[i];
    }
    // Blocks of pooled values: mean and size.
    double[] mean = new double[k];
    int[] size = new int[k];
    int blocks = 0;
    for (int i = 0; i < k; i++) {
      mean[blocks] = target[i];
      size[blocks] = 1;
      blocks++;
      while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
        double m =
            (mean[blocks - 2] * size[blocks - 2] + mean[blocks - 1] * size[blocks - 1])
                / (size[blocks - 2] + size[blocks - 1]);
        size[blocks - 2] += size[blocks - 1];
        mean[blocks - 2] = m;
        blocks--;
      }
    }
    int i = 0;
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < size[b]; j++, i++) {
        center[layer.get(i)] = mean[b] + offset[i];
      }
    }
  }
}
