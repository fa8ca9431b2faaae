package dev.strata.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.report.LayeredLayout.Box;
import dev.strata.report.LayeredLayout.Direction;
import dev.strata.report.LayeredLayout.Point;
import dev.strata.report.LayeredLayout.Result;
import dev.strata.report.LayeredLayout.Route;
import dev.strata.report.LayeredLayout.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayeredLayoutTest {
  private static final LayeredLayout DOWN = new LayeredLayout(Direction.TOP_DOWN, 18, 34, 6);
  private static final LayeredLayout RIGHT = new LayeredLayout(Direction.LEFT_RIGHT, 6, 56, 8);

  @Test
  void thirtyPartitionsTimesThreeStepsFormAGridWithoutCrossings() {
    // Nodes listed step-major, each step's partitions in a different shuffled order, so the
    // layout has to find the rows itself.
    int parts = 30;
    List<List<Integer>> orders = new ArrayList<>();
    Random rnd = new Random(3);
    for (int s = 0; s < 3; s++) {
      List<Integer> order = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        order.add(p);
      }
      Collections.shuffle(order, rnd);
      orders.add(order);
    }
    List<Size> sizes = new ArrayList<>();
    List<int[]> edges = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < parts; i++) {
        sizes.add(new Size(120, 22));
        if (s > 0) {
          int partition = orders.get(s).get(i);
          edges.add(
              new int[] {(s - 1) * parts + orders.get(s - 1).indexOf(partition), s * parts + i});
        }
      }
    }
    Result r = RIGHT.layout(sizes, edges);
    assertNoOverlap(r);
    assertEdgesPoint(r, Direction.LEFT_RIGHT);
    for (int v = 0; v < sizes.size(); v++) {
      assertThat(r.layers()[v]).isEqualTo(v / parts);
    }
    // Each partition's chain is a straight horizontal row: no crossings, no bends.
    for (Route route : r.routes()) {
      Point a = route.points().get(0);
      Point b = route.points().get(route.points().size() - 1);
      assertThat(b.y()).isCloseTo(a.y(), org.assertj.core.data.Offset.offset(0.01));
    }
    // 30 rows of 22 px with 6 px gaps, plus margins: the grid stays compact.
    assertThat(r.height()).isLessThanOrEqualTo(30 * 28 + 16.0);
    assertThat(r.width()).isLessThanOrEqualTo(3 * 120 + 2 * 56 + 16.0);
  }

  @Test
  void barycenterSweepsRemoveTheCrossingsOfAPermutedMatching() {
    int k = 12;
    List<Size> sizes = new ArrayList<>();
    for (int i = 0; i < 2 * k; i++) {
      sizes.add(new Size(40, 20));
    }
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      edges.add(new int[] {i, k + (i * 5) % k}); // 5 is coprime with 12: a permutation
    }
    Result r = DOWN.layout(sizes, edges);
    assertNoOverlap(r);
    assertEdgesPoint(r, Direction.TOP_DOWN);
    assertThat(crossings(r)).isZero();
  }

  @Test
  void aTwelveStageJobLaysOutDownwardWithLongEdgesRoutedAroundNodes() {
    // A job shaped like a star-schema query: scans, two joins, aggregates, a sort, a long edge
    // from a broadcast scan to the last join.
    int[][] deps = {
      {}, {}, {}, {}, {0, 1}, {4}, {2}, {5, 6}, {7}, {8}, {3, 9}, {10},
    };
    List<Size> sizes = new ArrayList<>();
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < deps.length; i++) {
      sizes.add(new Size(236, 110));
      for (int p : deps[i]) {
        edges.add(new int[] {p, i});
      }
    }
    Result r = DOWN.layout(sizes, edges);
    assertNoOverlap(r);
    assertEdgesPoint(r, Direction.TOP_DOWN);
    assertLayersRespectDependencies(r, edges);
    // The late dimension scan (3) sits just above its only consumer instead of on the top row.
    assertThat(r.layers()[3]).isEqualTo(r.layers()[10] - 1);
    // Bends of long edges never pass through a box.
    for (Route route : r.routes()) {
      for (Point p : route.points().subList(1, route.points().size() - 1)) {
        for (Box b : r.boxes()) {
          assertThat(
                  p.x() > b.x()
                      && p.x() < b.x() + b.width()
                      && p.y() > b.y()
                      && p.y() < b.y() + b.height())
              .as("bend %s inside box %s", p, b)
              .isFalse();
        }
      }
    }
  }

  @Test
  void randomDagsNeverOverlapAndAlwaysPointDownward() {
    Random rnd = new Random(42);
    for (int round = 0; round < 40; round++) {
      int n = 2 + rnd.nextInt(25);
      List<Size> sizes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sizes.add(new Size(30 + rnd.nextInt(200), 20 + rnd.nextInt(90)));
      }
      List<int[]> edges = new ArrayList<>();
      for (int i = 1; i < n; i++) {
        int parents = rnd.nextInt(3);
        for (int k = 0; k < parents; k++) {
          edges.add(new int[] {rnd.nextInt(i), i});
        }
      }
      Result r = DOWN.layout(sizes, edges);
      assertNoOverlap(r);
      assertEdgesPoint(r, Direction.TOP_DOWN);
      assertLayersRespectDependencies(r, edges);
      assertThat(r.boxes())
          .allSatisfy(
              b -> {
                assertThat(b.x()).isGreaterThanOrEqualTo(0);
                assertThat(b.y()).isGreaterThanOrEqualTo(0);
                assertThat(b.x() + b.width()).isLessThanOrEqualTo(r.width());
                assertThat(b.y() + b.height()).isLessThanOrEqualTo(r.height());
              });
    }
  }

  @Test
  void sameGraphSameLayout() {
    Random rnd = new Random(9);
    List<Size> sizes = new ArrayList<>();
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sizes.add(new Size(50 + rnd.nextInt(100), 22));
      if (i > 0) {
        edges.add(new int[] {rnd.nextInt(i), i});
        edges.add(new int[] {rnd.nextInt(i), i});
      }
    }
    Result a = RIGHT.layout(sizes, edges);
    Result b = RIGHT.layout(new ArrayList<>(sizes), new ArrayList<>(edges));
    assertThat(b.boxes()).isEqualTo(a.boxes());
    assertThat(b.routes()).usingRecursiveFieldByFieldElementComparator().isEqualTo(a.routes());
  }

  @Test
  void aCycleStillLaysOutAndKeepsEveryEdge() {
    List<Size> sizes = List.of(new Size(40, 20), new Size(40, 20), new Size(40, 20));
    List<int[]> edges =
        List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 0}, new int[] {1, 1});
    Result r = DOWN.layout(sizes, edges);
    assertNoOverlap(r);
    assertThat(r.routes())
        .extracting(Route::from, Route::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 1),
            org.assertj.core.groups.Tuple.tuple(1, 2),
            org.assertj.core.groups.Tuple.tuple(2, 0));
  }

  @Test
  void emptyAndSingleNodeGraphs() {
    assertThat(DOWN.layout(List.of(), List.of()).boxes()).isEmpty();
    Result one = DOWN.layout(List.of(new Size(100, 40)), List.of());
    assertThat(one.boxes()).containsExactly(new Box(6, 6, 100, 40));
    assertThat(one.width()).isEqualTo(112);
    assertThat(one.height()).isEqualTo(52);
  }

  private static void assertNoOverlap(Result r) {
    List<Box> boxes = r.boxes();
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertThat(boxes.get(i).overlaps(boxes.get(j)))
            .as("boxes %d %s and %d %s overlap", i, boxes.get(i), j, boxes.get(j))
            .isFalse();
      }
    }
  }

  private static void assertEdgesPoint(Result r, Direction d) {
    for (Route route : r.routes()) {
      Box from = r.boxes().get(route.from());
      Box to = r.boxes().get(route.to());
      List<Point> pts = route.points();
      for (int k = 1; k < pts.size(); k++) {
        double delta =
            d == Direction.TOP_DOWN
                ? pts.get(k).y() - pts.get(k - 1).y()
                : pts.get(k).x() - pts.get(k - 1).x();
        assertThat(delta).as("edge %d->%d segment %d", route.from(), route.to(), k).isPositive();
      }
      if (d == Direction.TOP_DOWN) {
        assertThat(to.y()).isGreaterThan(from.y() + from.height());
      } else {
        assertThat(to.x()).isGreaterThan(from.x() + from.width());
      }
    }
  }

  private static void assertLayersRespectDependencies(Result r, List<int[]> edges) {
    for (int[] e : edges) {
      assertThat(r.layers()[e[1]]).isGreaterThan(r.layers()[e[0]]);
    }
  }

  /** Crossings between straight segments of consecutive layers, from the placed boxes. */
  private static int crossings(Result r) {
    int c = 0;
    List<Route> rs = r.routes();
    for (int i = 0; i < rs.size(); i++) {
      for (int j = i + 1; j < rs.size(); j++) {
        Point a0 = rs.get(i).points().get(0);
        Point a1 = rs.get(i).points().get(rs.get(i).points().size() - 1);
        Point b0 = rs.get(j).points().get(0);
        Point b1 = rs.get(j).points().get(rs.get(j).points().size() - 1);
        if ((a0.x() - b0.x()) * (a1.x() - b1.x()) < 0) {
          c++;
        }
      }
    }
    return c;
  }
}
